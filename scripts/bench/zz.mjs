// scripts/bench/scale.ts
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as join5 } from "node:path";
import { parseArgs } from "node:util";

// src/data/load-market.ts
import { createHash } from "node:crypto";
import { existsSync as existsSync2, readFileSync as readFileSync3, statSync as statSync2 } from "node:fs";
import { join as join2 } from "node:path";

// src/core/errors.ts
var FactorlabError = class extends Error {
  code;
  userError;
  constructor(code, message, userError) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.userError = userError;
  }
};
function formatLocation(loc) {
  let out = loc.file;
  if (loc.line !== void 0) out += `:${loc.line}`;
  if (loc.column !== void 0) out += ` column '${loc.column}'`;
  return out;
}
var DataError = class extends FactorlabError {
  location;
  constructor(code, location, detail) {
    super(code, `${formatLocation(location)}: ${detail}`, true);
    this.location = location;
  }
};
var StrategyError = class extends FactorlabError {
  path;
  constructor(code, file, path, detail) {
    super(code, `${file}: ${path === "" ? "" : `${path} `}${detail}`, true);
    this.path = path;
  }
};
var ModelError = class extends FactorlabError {
  constructor(code, message) {
    super(code, message, false);
  }
};
var OptimizerError = class extends FactorlabError {
  /** Names of the constraints involved, when known. */
  constraints;
  constructor(code, message, constraints = []) {
    super(code, message, code === "infeasible" || code === "invalid-problem");
    this.constraints = constraints;
  }
};
var UsageError = class extends FactorlabError {
  constructor(message) {
    super("usage", message, true);
  }
};

// src/core/panel.ts
var Panel = class {
  dates;
  assets;
  values;
  dateIndexByDate;
  constructor(dates, assets, values2) {
    const cells = dates.length * assets.length;
    for (const [name, arr] of values2) {
      if (arr.length !== cells) {
        throw new RangeError(`Panel field '${name}' has ${arr.length} values, expected ${cells} (dates \xD7 assets)`);
      }
    }
    this.dates = dates;
    this.assets = assets;
    this.values = values2;
    this.dateIndexByDate = new Map(dates.map((d, t) => [d, t]));
  }
  get fieldNames() {
    return [...this.values.keys()];
  }
  hasField(name) {
    return this.values.has(name);
  }
  /** The raw date-major array of a field (shared, not copied: for src/ internals only). */
  field(name) {
    const arr = this.values.get(name);
    if (arr === void 0) throw new RangeError(`Panel has no field '${name}' (fields: ${this.fieldNames.join(", ")})`);
    return arr;
  }
  /** The index of `date`, or -1. */
  indexOf(date) {
    return this.dateIndexByDate.get(date) ?? -1;
  }
};
var SeriesSet = class {
  dates;
  values;
  constructor(dates, values2) {
    for (const [name, arr] of values2) {
      if (arr.length !== dates.length) {
        throw new RangeError(`Series '${name}' has ${arr.length} values, expected ${dates.length}`);
      }
    }
    this.dates = dates;
    this.values = values2;
  }
  get names() {
    return [...this.values.keys()];
  }
  has(name) {
    return this.values.has(name);
  }
  get(name) {
    const arr = this.values.get(name);
    if (arr === void 0) throw new RangeError(`No series '${name}' (series: ${this.names.join(", ") || "none"})`);
    return arr;
  }
  /**
   * Values on `dates` (sorted): a value stamped with date `s` becomes known on
   * the first of `dates` on or after `s`, then `lagBars` bars later (a
   * publication lag). `NaN` where nothing became known; when several values
   * land on one bar, the latest stamped wins.
   */
  alignTo(name, dates, lagBars) {
    const src = this.get(name);
    const out = new Float64Array(dates.length).fill(NaN);
    let t = 0;
    for (let i = 0; i < this.dates.length; i++) {
      while (t < dates.length && dates[t] < this.dates[i]) t++;
      if (t + lagBars >= dates.length) break;
      if (!Number.isNaN(src[i])) out[t + lagBars] = src[i];
    }
    return out;
  }
};

// src/data/csv-lines.ts
import { readFileSync } from "node:fs";
function readCsv(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const reason = err.code === "ENOENT" ? "file not found" : String(err);
    throw new DataError("file-unreadable", { file }, reason);
  }
  if (text.charCodeAt(0) === 65279) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  let headerLine = 0;
  while (headerLine < lines.length && lines[headerLine].trim() === "") headerLine++;
  if (headerLine === lines.length) {
    throw new DataError("empty-file", { file }, "the file is empty; expected a header line such as date,asset,close");
  }
  const headerText = lines[headerLine];
  if (!headerText.includes(",") && /[;\t|]/.test(headerText)) {
    const found = headerText.includes(";") ? "semicolons" : headerText.includes("	") ? "tabs" : "pipes";
    throw new DataError("wrong-delimiter", { file, line: headerLine + 1 }, `the header is separated by ${found}; expected commas`);
  }
  const header = headerText.split(",").map((h) => h.trim());
  const rows = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    if (raw.includes('"')) {
      throw new DataError("quoted-field", { file, line: i + 1 }, "quoted fields are not supported; remove the quotes");
    }
    const cells = raw.split(",");
    if (cells.length !== header.length) {
      throw new DataError(
        "bad-row",
        { file, line: i + 1 },
        `expected ${header.length} comma-separated values (${header.join(",")}), found ${cells.length}`
      );
    }
    rows.push({ line: i + 1, cells });
  }
  return { file, header, rows };
}
var MISSING = /* @__PURE__ */ new Set(["", "na", "nan", "null", "n/a"]);
function parseNumberCell(cell, file, line, column2) {
  const trimmed = cell.trim();
  if (MISSING.has(trimmed.toLowerCase())) return NaN;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) {
    throw new DataError("not-a-number", { file, line, column: column2 }, `'${trimmed}' is not a finite number`);
  }
  return value;
}
var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function parseDateCell(cell, file, line, column2) {
  const trimmed = cell.trim();
  const m = ISO_DATE.exec(trimmed);
  if (m !== null) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d) return trimmed;
  }
  throw new DataError("bad-date", { file, line, column: column2 }, `'${trimmed}' is not a date in yyyy-mm-dd form`);
}

// src/data/read-lines.ts
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
var CHUNK_BYTES = 1 << 20;
function readLines(file, onLine, onChunk) {
  let fd;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    const reason = err.code === "ENOENT" ? "file not found" : String(err);
    throw new DataError("file-unreadable", { file }, reason);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder("utf8");
    let carry = "";
    let line = 0;
    let first = true;
    const emit = (text) => {
      line++;
      onLine(text.endsWith("\r") ? text.slice(0, -1) : text, line);
    };
    for (; ; ) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      onChunk?.(buffer.subarray(0, read));
      let text = carry + decoder.write(buffer.subarray(0, read));
      if (first) {
        if (text.charCodeAt(0) === 65279) text = text.slice(1);
        first = false;
      }
      let from = 0;
      for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", from)) {
        emit(text.slice(from, at));
        from = at + 1;
      }
      carry = text.slice(from);
    }
    carry += decoder.end();
    if (carry !== "") emit(carry);
  } finally {
    closeSync(fd);
  }
}
var POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
function parseDecimalFast(text, from, to) {
  if (from === to) return NaN;
  let i = from;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seen = false;
  while (i < to && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
    if (mantissa !== 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    }
    seen = true;
    i++;
  }
  if (i < to && text.charCodeAt(i) === 46) {
    i++;
    while (i < to && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      if (mantissa !== 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      }
      scale--;
      seen = true;
      i++;
    }
  }
  if (!seen) return void 0;
  if (i < to && ((c = text.charCodeAt(i)) === 101 || c === 69)) {
    i++;
    let exponentNegative = false;
    c = text.charCodeAt(i);
    if (c === 45 || c === 43) {
      exponentNegative = c === 45;
      i++;
    }
    let exponent = 0;
    let exponentDigits = 0;
    while (i < to && (c = text.charCodeAt(i)) >= 48 && c <= 57 && exponentDigits < 4) {
      exponent = exponent * 10 + (c - 48);
      exponentDigits++;
      i++;
    }
    if (exponentDigits === 0) return void 0;
    scale += exponentNegative ? -exponent : exponent;
  }
  if (i !== to || digits > 15 || scale > 22 || scale < -22) return void 0;
  const value = scale >= 0 ? mantissa * POWERS[scale] : mantissa / POWERS[-scale];
  return negative ? -value : value;
}

// src/data/load-long-csv.ts
var POSITIVE_FIELDS = /* @__PURE__ */ new Set(["market_cap"]);
var NON_NEGATIVE_FIELDS = /* @__PURE__ */ new Set(["volume"]);
function splitLine(text, cells, header, file, line) {
  if (text.includes('"')) throw new DataError("quoted-field", { file, line }, "quoted fields are not supported; remove the quotes");
  let count = 0;
  let from = 0;
  for (; ; ) {
    const at = text.indexOf(",", from);
    if (count < header.length) {
      cells.starts[count] = from;
      cells.ends[count] = at < 0 ? text.length : at;
    }
    count++;
    if (at < 0) break;
    from = at + 1;
  }
  if (count !== header.length) {
    throw new DataError("bad-row", { file, line }, `expected ${header.length} comma-separated values (${header.join(",")}), found ${count}`);
  }
}
function readHeader(text, file, line, required) {
  if (!text.includes(",") && /[;\t|]/.test(text)) {
    const found = text.includes(";") ? "semicolons" : text.includes("	") ? "tabs" : "pipes";
    throw new DataError("wrong-delimiter", { file, line }, `the header is separated by ${found}; expected commas`);
  }
  const header = text.split(",").map((h) => h.trim());
  const seen = /* @__PURE__ */ new Set();
  for (const name of header) {
    if (seen.has(name)) throw new DataError("duplicate-column", { file, line, column: name }, "the column appears twice");
    seen.add(name);
  }
  for (const name of required) {
    if (!seen.has(name)) throw new DataError("missing-column", { file, line, column: name }, `required column is missing (header: ${header.join(",")})`);
  }
  return header;
}
var sameCell = (text, start, end, value) => end - start === value.length && text.startsWith(value, start);
var isBlank = (text) => text.length === 0 || text.trim() === "";
function loadLongCsv(file, options = {}, onChunk) {
  const required = ["date", "asset", ...options.requiredFields ?? ["close"]];
  let header;
  let cells = { starts: new Int32Array(0), ends: new Int32Array(0) };
  let dateCol = -1;
  let assetCol = -1;
  const dates = [];
  const assetSet = /* @__PURE__ */ new Set();
  let rows = 0;
  let lastDate = "";
  readLines(
    file,
    (text, line) => {
      if (isBlank(text)) return;
      if (header === void 0) {
        header = readHeader(text, file, line, required);
        cells = { starts: new Int32Array(header.length), ends: new Int32Array(header.length) };
        dateCol = header.indexOf("date");
        assetCol = header.indexOf("asset");
        return;
      }
      splitLine(text, cells, header, file, line);
      const dateStart = cells.starts[dateCol];
      const dateEnd = cells.ends[dateCol];
      if (!sameCell(text, dateStart, dateEnd, lastDate)) {
        const date = parseDateCell(text.slice(dateStart, dateEnd), file, line, "date");
        if (date < lastDate) throw new DataError("unsorted-dates", { file, line, column: "date" }, `${date} comes after ${lastDate}; rows must be sorted by date`);
        if (date !== lastDate) dates.push(date);
        lastDate = date;
      }
      const asset = text.slice(cells.starts[assetCol], cells.ends[assetCol]).trim();
      if (asset === "") throw new DataError("empty-asset", { file, line, column: "asset" }, "the asset id is empty");
      assetSet.add(asset);
      rows++;
    },
    onChunk
  );
  if (header === void 0) throw new DataError("empty-file", { file }, "the file is empty; expected a header line such as date,asset,close");
  if (rows === 0) throw new DataError("no-rows", { file, line: 2 }, "the file has a header but no data rows");
  const names = header;
  const fieldCols = names.map((name, c) => ({ name, c })).filter(({ c }) => c !== dateCol && c !== assetCol);
  const assets = [...assetSet].sort();
  const assetIndex = new Map(assets.map((a, i) => [a, i]));
  const n = assets.length;
  const columns = fieldCols.map(({ name, c }) => ({ name, c, values: new Float64Array(dates.length * n).fill(NaN), positive: POSITIVE_FIELDS.has(name), nonNegative: NON_NEGATIVE_FIELDS.has(name) }));
  const filled = new Uint8Array(dates.length * n);
  let seenHeader = false;
  let dateIndex = -1;
  lastDate = "";
  readLines(file, (text, line) => {
    if (isBlank(text)) return;
    if (!seenHeader) {
      seenHeader = true;
      return;
    }
    splitLine(text, cells, names, file, line);
    const dateStart = cells.starts[dateCol];
    const dateEnd = cells.ends[dateCol];
    if (!sameCell(text, dateStart, dateEnd, lastDate)) {
      lastDate = text.slice(dateStart, dateEnd).trim();
      dateIndex++;
      while (dates[dateIndex] !== lastDate) dateIndex++;
    }
    const asset = text.slice(cells.starts[assetCol], cells.ends[assetCol]).trim();
    const cell = dateIndex * n + assetIndex.get(asset);
    if (filled[cell] === 1) throw new DataError("duplicate-row", { file, line, column: "asset" }, `a second row for ${asset} on ${dates[dateIndex]}`);
    filled[cell] = 1;
    for (const column2 of columns) {
      const v = parseDecimalFast(text, cells.starts[column2.c], cells.ends[column2.c]) ?? parseNumberCell(text.slice(cells.starts[column2.c], cells.ends[column2.c]), file, line, column2.name);
      if (column2.positive && v <= 0) throw new DataError("non-positive-value", { file, line, column: column2.name }, `${v} must be greater than 0`);
      if (column2.nonNegative && v < 0) throw new DataError("negative-value", { file, line, column: column2.name }, `${v} must not be negative`);
      column2.values[cell] = v;
    }
  });
  return new Panel(dates, assets, new Map(columns.map((c) => [c.name, c.values])));
}

// src/data/panel-cache.ts
import { existsSync, mkdirSync, readFileSync as readFileSync2, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
var MAGIC = "FLPANEL1";
var DIRECTORY = ".factorlab-cache";
function cacheKey(files) {
  return {
    files: files.map((file) => {
      const stat = statSync(file);
      return { file: basename(file), size: stat.size, mtimeMs: stat.mtimeMs };
    })
  };
}
function cacheFile(pricesFile) {
  return join(dirname(pricesFile), DIRECTORY, `${basename(pricesFile)}.panel`);
}
function readPanelCache(pricesFile, key) {
  const file = cacheFile(pricesFile);
  if (!existsSync(file)) return void 0;
  const bytes = readFileSync2(file);
  if (bytes.length < 12 || bytes.toString("latin1", 0, 8) !== MAGIC) return void 0;
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString("utf8", 12, 12 + headerLength));
  if (JSON.stringify(header.key) !== JSON.stringify(key)) return void 0;
  const cells = header.dates.length * header.assets.length;
  let offset = Math.ceil((12 + headerLength) / 8) * 8;
  if (bytes.length !== offset + header.fields.length * cells * 8) return void 0;
  const values2 = /* @__PURE__ */ new Map();
  for (const name of header.fields) {
    const start = bytes.byteOffset + offset;
    values2.set(name, start % 8 === 0 ? new Float64Array(bytes.buffer, start, cells) : new Float64Array(bytes.buffer.slice(start, start + cells * 8)));
    offset += cells * 8;
  }
  return { panel: new Panel(header.dates, header.assets, values2), fingerprint: header.fingerprint };
}
function writePanelCache(pricesFile, key, panel, fingerprint) {
  const file = cacheFile(pricesFile);
  const header = { key, fingerprint, dates: panel.dates, assets: panel.assets, fields: panel.fieldNames };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const dataOffset = Math.ceil((12 + json.length) / 8) * 8;
  const cells = panel.dates.length * panel.assets.length;
  const out = Buffer.alloc(dataOffset + header.fields.length * cells * 8);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  header.fields.forEach((name, k) => {
    const field = panel.field(name);
    Buffer.from(field.buffer, field.byteOffset, field.byteLength).copy(out, dataOffset + k * cells * 8);
  });
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, out);
    renameSync(temporary, file);
  } catch {
  }
}

// src/data/load-series-csv.ts
function loadSeriesCsv(file) {
  const csv = readCsv(file);
  if (csv.header[0] !== "date") {
    throw new DataError("missing-column", { file, line: 1, column: "date" }, `the first column must be 'date' (header: ${csv.header.join(",")})`);
  }
  const names = csv.header.slice(1);
  if (names.length === 0) throw new DataError("missing-column", { file, line: 1 }, "expected at least one series column after date");
  const seen = /* @__PURE__ */ new Set();
  for (const name of names) {
    if (name === "" || seen.has(name)) {
      throw new DataError("duplicate-column", { file, line: 1, column: name }, "series names must be non-empty and unique");
    }
    seen.add(name);
  }
  if (csv.rows.length === 0) throw new DataError("no-rows", { file, line: 2 }, "the file has a header but no data rows");
  const dates = [];
  const arrays = names.map(() => new Float64Array(csv.rows.length));
  csv.rows.forEach(({ line, cells }, r) => {
    const date = parseDateCell(cells[0], file, line, "date");
    const prev = dates[r - 1];
    if (prev !== void 0 && date === prev) {
      throw new DataError("duplicate-date", { file, line, column: "date" }, `${date} appears twice`);
    }
    if (prev !== void 0 && date < prev) {
      throw new DataError("unsorted-dates", { file, line, column: "date" }, `${date} comes after ${prev}; dates must increase`);
    }
    dates.push(date);
    names.forEach((name, k) => {
      arrays[k][r] = parseNumberCell(cells[k + 1], file, line, name);
    });
  });
  return new SeriesSet(dates, new Map(names.map((name, k) => [name, arrays[k]])));
}

// src/data/load-market.ts
function loadMarket(path, options = {}) {
  if (!existsSync2(path)) throw new DataError("file-unreadable", { file: path }, "no such file or directory");
  const isDir = statSync2(path).isDirectory();
  const pricesFile = isDir ? join2(path, "prices.csv") : path;
  const seriesFile = isDir ? join2(path, "series.csv") : void 0;
  if (!existsSync2(pricesFile)) {
    throw new DataError("file-unreadable", { file: pricesFile }, "a market directory must contain prices.csv (date,asset,close,...)");
  }
  const hasSeries = seriesFile !== void 0 && existsSync2(seriesFile);
  const series = hasSeries ? loadSeriesCsv(seriesFile) : new SeriesSet([], /* @__PURE__ */ new Map());
  const key = cacheKey(hasSeries ? [pricesFile, seriesFile] : [pricesFile]);
  const cached = options.cache === false ? void 0 : readPanelCache(pricesFile, key);
  if (cached !== void 0) return { panel: cached.panel, series, fingerprint: cached.fingerprint, source: path };
  const hash = createHash("sha256");
  hash.update("prices\0");
  const panel = loadLongCsv(pricesFile, {}, (bytes) => hash.update(bytes));
  if (hasSeries) {
    hash.update("series\0");
    hash.update(readFileSync3(seriesFile));
  }
  const fingerprint = hash.digest("hex");
  if (options.cache !== false) writePanelCache(pricesFile, key, panel, fingerprint);
  return { panel, series, fingerprint, source: path };
}

// src/engine/run-strategy.ts
import { execFileSync } from "node:child_process";
import { readFileSync as readFileSync4 } from "node:fs";

// src/model/newey-west.ts
function defaultNeweyWestLags(observations, horizonBars = 1) {
  return Math.max(horizonBars - 1, Math.floor(4 * (observations / 100) ** (2 / 9)));
}
function neweyWestMean(x, lags) {
  const values2 = x.filter((v) => Number.isFinite(v));
  const T = values2.length;
  if (!(Number.isInteger(lags) && lags >= 0)) throw new RangeError(`neweyWestMean: lags (${lags}) must be a non-negative integer`);
  if (T < 2) return { mean: T === 1 ? values2[0] : NaN, standardError: NaN, tStat: NaN, observations: T, lags };
  let mean = 0;
  for (const v of values2) mean += v;
  mean /= T;
  const L = Math.min(lags, T - 1);
  let s = 0;
  for (let l = 0; l <= L; l++) {
    let gamma = 0;
    for (let t = l; t < T; t++) gamma += (values2[t] - mean) * (values2[t - l] - mean);
    gamma /= T;
    s += l === 0 ? gamma : 2 * (1 - l / (L + 1)) * gamma;
  }
  const standardError = Math.sqrt(Math.max(0, s) / T);
  return { mean, standardError, tStat: standardError > 0 ? mean / standardError : NaN, observations: T, lags: L };
}

// src/core/quantile.ts
function quantileSorted(sorted, q) {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

// src/diagnostics/normal.ts
function normalCdf(x) {
  const z = x / Math.SQRT2;
  return x >= 0 ? 1 - erfc(z) / 2 : erfc(-z) / 2;
}
function erfc(z) {
  if (z < 2.5) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 200; n++) {
      term *= -z * z / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - 2 / Math.sqrt(Math.PI) * sum;
  }
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = z + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = z + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
}
var A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
var B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
var C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
var D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
function normalQuantile(p) {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p (${p}) must be in (0, 1)`);
  const low = 0.02425;
  let x;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

// src/diagnostics/return-stats.ts
function returnStats(returns, barsPerYear2, annualReturn, maxDrawdown) {
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let downside = 0;
  for (const r of returns) {
    const d = r - mean;
    m2 += d * d;
    m3 += d ** 3;
    m4 += d ** 4;
    downside += Math.min(r, 0) ** 2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const sd = Math.sqrt(m2 * n / (n - 1));
  const skewness = m2 > 0 ? m3 / m2 ** 1.5 : NaN;
  const excessKurtosis = m2 > 0 ? m4 / (m2 * m2) - 3 : NaN;
  const downsideDeviation = Math.sqrt(downside / n);
  const sorted = Float64Array.from(returns).sort();
  const q05 = quantileSorted(sorted, 0.05);
  const tail = sorted.filter((r) => r <= q05);
  const q = normalQuantile(0.05);
  const z = q + (q * q - 1) * skewness / 6 + (q ** 3 - 3 * q) * excessKurtosis / 24 - (2 * q ** 3 - 5 * q) * skewness * skewness / 36;
  let nav = 1;
  let peak = 1;
  let peakAt = -1;
  let longest = 0;
  returns.forEach((r, t) => {
    nav *= 1 + r;
    if (nav >= peak) {
      peak = nav;
      peakAt = t;
    } else longest = Math.max(longest, t - peakAt);
  });
  const moved = returns.filter((r) => r !== 0);
  return {
    sortino: downsideDeviation > 0 ? mean / downsideDeviation * Math.sqrt(barsPerYear2) : NaN,
    calmar: maxDrawdown > 0 ? annualReturn / maxDrawdown : NaN,
    maxDrawdownBars: longest,
    hitRate: moved.length > 0 ? moved.filter((r) => r > 0).length / moved.length : NaN,
    skewness,
    excessKurtosis,
    var95: -q05,
    expectedShortfall95: -tail.reduce((a, b) => a + b, 0) / tail.length,
    cornishFisherVar95: -(mean + z * sd)
  };
}
function returnsByYear(dates, returns) {
  const out = [];
  dates.forEach((d, t) => {
    const year = d.slice(0, 4);
    const last = out[out.length - 1];
    if (last === void 0 || last.year !== year) out.push({ year, return: returns[t], bars: 1 });
    else {
      last.return = (1 + last.return) * (1 + returns[t]) - 1;
      last.bars++;
    }
  });
  return out;
}

// src/diagnostics/sharpe-tests.ts
function sharpeMoments(returns) {
  const n = returns.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += returns[i];
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = returns[i] - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const sd = Math.sqrt(m2 * n / (n - 1));
  return { sharpe: sd > 0 ? mean / sd : NaN, skewness: m2 > 0 ? m3 / m2 ** 1.5 : NaN, kurtosis: m2 > 0 ? m4 / (m2 * m2) : NaN, observations: n };
}
function sharpeVarianceFactor(sharpe, skewness, kurtosis) {
  return 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe;
}
function probabilisticSharpeRatio(sharpe, observations, skewness, kurtosis, benchmark = 0) {
  return normalCdf((sharpe - benchmark) * Math.sqrt(observations - 1) / Math.sqrt(sharpeVarianceFactor(sharpe, skewness, kurtosis)));
}
function minimumTrackRecordLength(sharpe, skewness, kurtosis, benchmark = 0, confidence = 0.95) {
  if (!(sharpe > benchmark)) return Infinity;
  return 1 + sharpeVarianceFactor(sharpe, skewness, kurtosis) * (normalQuantile(confidence) / (sharpe - benchmark)) ** 2;
}

// src/diagnostics/performance.ts
function summarizePerformance(rows, initialNav, barsPerYear2, extras = {}) {
  const days = rows.length;
  const finalNav = days > 0 ? rows[days - 1].nav : initialNav;
  const totalReturn = finalNav / initialNav - 1;
  let mean = 0;
  for (const r of rows) mean += r.netReturn;
  mean /= Math.max(1, days);
  let ss = 0;
  for (const r of rows) ss += (r.netReturn - mean) ** 2;
  const sd = days > 1 ? Math.sqrt(ss / (days - 1)) : NaN;
  let peak = initialNav;
  let maxDrawdown = 0;
  let tradedBars = 0;
  let turnoverSum = 0;
  let costSum = 0;
  for (const r of rows) {
    peak = Math.max(peak, r.nav);
    maxDrawdown = Math.max(maxDrawdown, 1 - r.nav / peak);
    if (r.turnover > 0) tradedBars++;
    turnoverSum += r.turnover;
    costSum += r.cost;
  }
  const annualReturn = days > 0 ? (finalNav / initialNav) ** (barsPerYear2 / days) - 1 : NaN;
  const returns = rows.map((r) => r.netReturn);
  const dist = days > 1 ? returnStats(returns, barsPerYear2, annualReturn, maxDrawdown) : void 0;
  const moments = days > 1 ? sharpeMoments(returns) : void 0;
  const psrDefined = moments !== void 0 && Number.isFinite(moments.sharpe);
  return {
    days,
    totalReturn,
    annualReturn,
    annualVolatility: sd * Math.sqrt(barsPerYear2),
    sharpe: sd > 0 ? mean / sd * Math.sqrt(barsPerYear2) : NaN,
    maxDrawdown,
    averageTurnover: tradedBars > 0 ? turnoverSum / tradedBars : 0,
    annualTurnover: days > 0 ? turnoverSum * barsPerYear2 / days : 0,
    totalCost: costSum / initialNav,
    barsPerYear: barsPerYear2,
    sortino: dist?.sortino ?? NaN,
    calmar: dist?.calmar ?? NaN,
    maxDrawdownBars: dist?.maxDrawdownBars ?? 0,
    hitRate: dist?.hitRate ?? NaN,
    skewness: dist?.skewness ?? NaN,
    excessKurtosis: dist?.excessKurtosis ?? NaN,
    var95: dist?.var95 ?? NaN,
    expectedShortfall95: dist?.expectedShortfall95 ?? NaN,
    cornishFisherVar95: dist?.cornishFisherVar95 ?? NaN,
    probabilisticSharpe: psrDefined ? probabilisticSharpeRatio(moments.sharpe, days, moments.skewness, moments.kurtosis) : NaN,
    minTrackRecordBars: psrDefined ? minimumTrackRecordLength(moments.sharpe, moments.skewness, moments.kurtosis) : NaN,
    bookBiasStatistic: biasStatistic(rows),
    ...signalIcStats(extras.signalIcs ?? [])
  };
}
function undefinedReason(metric, summary) {
  if (summary.days === 0) return "the run has no bars";
  if (metric === "annualReturn") return `final NAV is not positive (total return ${(summary.totalReturn * 100).toFixed(1)}%), so no compound rate exists`;
  if (summary.days < 2) return "fewer than 2 daily returns";
  if (metric === "sharpe" || metric === "probabilisticSharpe" || metric === "minTrackRecordBars" || metric === "skewness" || metric === "excessKurtosis") {
    return metric === "minTrackRecordBars" && Number.isFinite(summary.sharpe) ? "the Sharpe ratio is not positive, so no track record reaches 95% confidence" : "daily net returns have zero variance";
  }
  if (metric === "sortino") return "no daily net return is negative";
  if (metric === "calmar") return "the run has no drawdown";
  if (metric === "hitRate") return "every daily net return is zero";
  if (metric === "bookBiasStatistic") return "fewer than 2 bars with a predicted volatility";
  if (metric === "signalIc" || metric === "signalIcTStat") return "fewer than 2 rebalances whose signal could be scored against later returns";
  return "not defined for these daily rows";
}
function biasStatistic(rows) {
  const z = [];
  for (let t = 1; t < rows.length; t++) {
    const predicted = rows[t - 1].predictedVol;
    if (predicted !== void 0 && predicted > 0 && Number.isFinite(rows[t].netReturn)) z.push(rows[t].netReturn / predicted);
  }
  if (z.length < 2) return NaN;
  const mean = z.reduce((a, b) => a + b, 0) / z.length;
  return Math.sqrt(z.reduce((s, x) => s + (x - mean) ** 2, 0) / (z.length - 1));
}
function signalIcStats(ics) {
  const finite = Float64Array.from(ics.filter((x) => Number.isFinite(x)));
  if (finite.length < 2) return { signalIc: NaN, signalIcTStat: NaN };
  const test = neweyWestMean(finite, defaultNeweyWestLags(finite.length));
  return { signalIc: test.mean, signalIcTStat: test.tStat };
}

// src/store/batch-insert.ts
var ROWS_PER_STATEMENT = 128;
var BatchInsert = class {
  #channel;
  #prefix;
  #columns;
  #statements = /* @__PURE__ */ new Map();
  #buffer = [];
  /** @param insert the statement up to `VALUES`, e.g. `INSERT INTO holdings VALUES` or `INSERT INTO t (a, b) VALUES` */
  constructor(channel, insert, columns) {
    this.#channel = channel;
    this.#prefix = insert;
    this.#columns = columns;
  }
  /** Buffer one row (exactly `columns` values). */
  add(...row) {
    if (row.length !== this.#columns) throw new RangeError(`${this.#prefix}: a row has ${row.length} values, expected ${this.#columns}`);
    for (const v of row) this.#buffer.push(v);
    if (this.#buffer.length === ROWS_PER_STATEMENT * this.#columns) this.flush();
  }
  /**
   * Hand every buffered row to the channel, in chunks of powers of two (128,
   * 64, …, 1 rows), so at most eight statements per table are ever prepared:
   * one per row count would keep up to 128 compiled statements per table alive
   * (measured: 100 MiB of the N = 1000 study's peak memory).
   */
  flush() {
    const values2 = this.#buffer;
    this.#buffer = [];
    let rows = values2.length / this.#columns;
    let offset = 0;
    for (let chunk = ROWS_PER_STATEMENT; chunk >= 1; chunk >>= 1) {
      while (rows >= chunk) {
        const width = chunk * this.#columns;
        this.#channel.run(this.#statement(chunk), width === values2.length ? values2 : values2.slice(offset, offset + width));
        offset += width;
        rows -= chunk;
      }
    }
  }
  /** Drop buffered rows (the transaction they belonged to failed). */
  discard() {
    this.#buffer = [];
  }
  #statement(rows) {
    let statement = this.#statements.get(rows);
    if (statement === void 0) {
      const tuple = `(${new Array(this.#columns).fill("?").join(",")})`;
      statement = this.#channel.statement(`${this.#prefix} ${new Array(rows).fill(tuple).join(",")}`);
      this.#statements.set(rows, statement);
    }
    return statement;
  }
};

// src/store/open-database.ts
import { existsSync as existsSync3, mkdirSync as mkdirSync2, openSync as openSync2, readSync as readSync2, closeSync as closeSync2 } from "node:fs";
import { dirname as dirname2 } from "node:path";
import Database from "better-sqlite3";

// src/store/schema.ts
var MIGRATIONS = [
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    strategy TEXT NOT NULL,
    strategy_file TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    config_json TEXT NOT NULL,
    data_source TEXT NOT NULL,
    data_fingerprint TEXT NOT NULL,
    code_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    error TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    first_date TEXT,
    last_date TEXT
  );
  CREATE TABLE daily (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    nav REAL NOT NULL,
    gross_return REAL NOT NULL,
    net_return REAL NOT NULL,
    cost REAL NOT NULL,
    turnover REAL NOT NULL,
    gross_exposure REAL NOT NULL,
    net_exposure REAL NOT NULL,
    predicted_vol REAL,
    positions INTEGER NOT NULL,
    PRIMARY KEY (run_id, date)
  ) WITHOUT ROWID;
  CREATE TABLE holdings (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (run_id, date, asset)
  ) WITHOUT ROWID;
  CREATE TABLE trades (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    weight REAL NOT NULL,
    cost REAL NOT NULL,
    reason TEXT NOT NULL
  );
  CREATE INDEX trades_run_date ON trades (run_id, date);
  CREATE TABLE rebalances (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    execute_date TEXT,
    status TEXT NOT NULL,
    backend TEXT,
    solve_ms REAL NOT NULL,
    objective REAL,
    universe INTEGER NOT NULL,
    planned_turnover REAL NOT NULL,
    predicted_vol REAL,
    PRIMARY KEY (run_id, date)
  ) WITHOUT ROWID;
  CREATE TABLE targets (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (run_id, date, asset)
  ) WITHOUT ROWID;
  CREATE TABLE fits (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    factors_json TEXT NOT NULL,
    factor_cov_json TEXT NOT NULL,
    fitted_assets INTEGER NOT NULL,
    dropped_assets INTEGER NOT NULL,
    mean_r2 REAL,
    PRIMARY KEY (run_id, date)
  ) WITHOUT ROWID;
  CREATE TABLE fit_assets (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    alpha REAL NOT NULL,
    specific_var REAL NOT NULL,
    r2 REAL NOT NULL,
    observations INTEGER NOT NULL,
    PRIMARY KEY (run_id, date, asset)
  ) WITHOUT ROWID;
  CREATE TABLE fit_loadings (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    factor TEXT NOT NULL,
    loading REAL NOT NULL,
    PRIMARY KEY (run_id, date, asset, factor)
  ) WITHOUT ROWID;
  CREATE TABLE events (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX events_run_date ON events (run_id, date);
  CREATE TABLE summary (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    metric TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, metric)
  ) WITHOUT ROWID;
  `,
  `
  ALTER TABLE fits ADD COLUMN dropped_dates INTEGER;
  ALTER TABLE fits ADD COLUMN covariance_method TEXT;
  ALTER TABLE fits ADD COLUMN shrinkage REAL;
  ALTER TABLE fits ADD COLUMN specific_var_floor REAL;
  ALTER TABLE fits ADD COLUMN floored_assets INTEGER;
  ALTER TABLE fits ADD COLUMN condition_index REAL;
  ALTER TABLE fits ADD COLUMN warnings_json TEXT;
  CREATE TABLE fit_factors (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    factor TEXT NOT NULL,
    mean_return REAL,
    t_stat REAL,
    lags INTEGER NOT NULL,
    median_abs_loading_t REAL,
    ic REAL,
    ic_t_stat REAL,
    PRIMARY KEY (run_id, date, factor)
  ) WITHOUT ROWID;
  CREATE TABLE fit_factor_returns (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    bar_date TEXT NOT NULL,
    factor TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, date, bar_date, factor)
  ) WITHOUT ROWID;
  CREATE TABLE fit_evaluations (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    fit_date TEXT NOT NULL,
    through TEXT NOT NULL,
    bars INTEGER NOT NULL,
    bias_stat REAL,
    mean_asset_bias REAL,
    ic_json TEXT NOT NULL,
    PRIMARY KEY (run_id, fit_date)
  ) WITHOUT ROWID;
  `,
  `
  ALTER TABLE summary ADD COLUMN reason TEXT;
  CREATE TABLE data_issues (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    check_name TEXT NOT NULL,
    asset TEXT NOT NULL,
    date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    value REAL,
    policy TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX data_issues_run ON data_issues (run_id, check_name);
  `,
  `
  ALTER TABLE rebalances ADD COLUMN relaxed_json TEXT;
  ALTER TABLE rebalances ADD COLUMN vol_scale REAL;
  ALTER TABLE rebalances ADD COLUMN duality_gap REAL;
  `,
  `
  CREATE TABLE attribution (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    factor TEXT NOT NULL,
    contribution REAL NOT NULL,
    PRIMARY KEY (run_id, date, factor)
  ) WITHOUT ROWID;
  `,
  `
  CREATE TABLE studies (
    id INTEGER PRIMARY KEY,
    strategy TEXT NOT NULL,
    strategy_file TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    data_source TEXT NOT NULL,
    data_fingerprint TEXT NOT NULL,
    code_version TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    error TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE TABLE study_tasks (
    study_id INTEGER NOT NULL REFERENCES studies(id),
    trial INTEGER NOT NULL,
    params_json TEXT NOT NULL,
    fold INTEGER NOT NULL,
    sample TEXT NOT NULL CHECK (sample IN ('in', 'out')),
    first_date TEXT NOT NULL,
    last_date TEXT NOT NULL,
    sharpe REAL,
    returns_json TEXT NOT NULL,
    PRIMARY KEY (study_id, trial, fold, sample)
  ) WITHOUT ROWID;
  CREATE TABLE study_folds (
    study_id INTEGER NOT NULL REFERENCES studies(id),
    fold INTEGER NOT NULL,
    selected_trial INTEGER NOT NULL,
    in_sample_sharpe REAL,
    out_of_sample_sharpe REAL,
    PRIMARY KEY (study_id, fold)
  ) WITHOUT ROWID;
  CREATE TABLE study_summary (
    study_id INTEGER NOT NULL REFERENCES studies(id),
    metric TEXT NOT NULL,
    value REAL,
    reason TEXT,
    PRIMARY KEY (study_id, metric)
  ) WITHOUT ROWID;
  `,
  `
  ALTER TABLE studies ADD COLUMN pbo_logits_json TEXT;
  `,
  `
  ALTER TABLE study_tasks ADD COLUMN dates_json TEXT;
  `
];

// src/store/open-database.ts
var SQLITE_MAGIC = "SQLite format 3\0";
var CONNECTION_PRAGMAS = ["busy_timeout = 5000", "synchronous = NORMAL", "foreign_keys = ON"];
function openDatabase(file) {
  if (file !== ":memory:") {
    if (existsSync3(file)) assertSqliteFile(file);
    else mkdirSync2(dirname2(file), { recursive: true });
  }
  const db = new Database(file);
  for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma);
  db.pragma("journal_mode = WAL");
  const migrate = db.transaction(() => {
    const version2 = db.pragma("user_version", { simple: true });
    if (version2 > MIGRATIONS.length) return version2;
    for (let v = version2; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
    return version2;
  });
  const version = migrate.immediate();
  if (version > MIGRATIONS.length) {
    db.close();
    throw new DataError("newer-schema", { file }, `schema version ${version} is newer than this factorlab (${MIGRATIONS.length}); upgrade factorlab`);
  }
  return db;
}
function assertSqliteFile(file) {
  const fd = openSync2(file, "r");
  const header = Buffer.alloc(16);
  const read = readSync2(fd, header, 0, 16, 0);
  closeSync2(fd);
  if (read === 0) return;
  if (read < 16 || header.toString("latin1") !== SQLITE_MAGIC) {
    throw new DataError("not-a-database", { file }, "is not a SQLite database; pass another --db file");
  }
}

// src/store/sql-channel.ts
var DirectChannel = class {
  #db;
  #statements = [];
  #queue = [];
  #busyMs = 0;
  #apply;
  constructor(db) {
    this.#db = db;
    this.#apply = db.transaction((queue) => {
      for (let k = 0; k < queue.length; k += 2) this.#statements[queue[k]].run(queue[k + 1]);
    });
  }
  statement(sql) {
    this.#statements.push(this.#db.prepare(sql));
    return this.#statements.length - 1;
  }
  run(handle, values2) {
    this.#queue.push(handle, values2);
  }
  commit() {
    const queue = this.#queue;
    this.#queue = [];
    if (queue.length === 0) return;
    const started = performance.now();
    try {
      this.#apply(queue);
    } finally {
      this.#busyMs += performance.now() - started;
    }
  }
  drain() {
  }
  close() {
  }
  get busyMs() {
    return this.#busyMs;
  }
};

// src/store/write-fit.ts
function real(x) {
  return Number.isFinite(x) ? x : null;
}
function prepareFitWriter(channel) {
  const insertFit = channel.statement(
    `INSERT INTO fits (run_id, date, kind, window_start, window_end, factors_json, factor_cov_json, fitted_assets, dropped_assets, mean_r2,
       dropped_dates, covariance_method, shrinkage, specific_var_floor, floored_assets, condition_index, warnings_json)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
  );
  const fitAssets = new BatchInsert(channel, "INSERT INTO fit_assets VALUES", 7);
  const loadings = new BatchInsert(channel, "INSERT INTO fit_loadings VALUES", 5);
  const factors = new BatchInsert(channel, "INSERT INTO fit_factors VALUES", 9);
  const factorReturns = new BatchInsert(channel, "INSERT INTO fit_factor_returns VALUES", 5);
  const insertEvaluation = channel.statement("INSERT OR REPLACE INTO fit_evaluations VALUES (?,?,?,?,?,?,?)");
  return {
    batches: [fitAssets, loadings, factors, factorReturns],
    fit(runId, date, fit) {
      const meanR2 = fit.assets.reduce((s, a) => s + a.rSquared, 0) / Math.max(1, fit.assets.length);
      const r = fit.risk;
      channel.run(insertFit, [
        runId,
        date,
        fit.kind,
        fit.windowStart,
        fit.windowEnd,
        JSON.stringify(fit.factors),
        JSON.stringify(Array.from(fit.factorCovariance)),
        fit.fittedAssets,
        fit.droppedAssets,
        fit.assets.length > 0 ? real(meanR2) : null,
        fit.droppedDates,
        r.covarianceMethod,
        real(r.shrinkage),
        real(r.specificVarianceFloor),
        r.flooredAssets,
        real(r.conditionIndex),
        JSON.stringify(fit.warnings)
      ]);
      const K = fit.factors.length;
      for (const a of fit.assets) {
        fitAssets.add(runId, date, a.asset, a.alpha, a.specificVariance, a.rSquared, a.observations);
        for (let k = 0; k < K; k++) loadings.add(runId, date, a.asset, fit.factors[k], a.loadings[k]);
      }
      for (const st of fit.factorStats) {
        factors.add(runId, date, st.factor, real(st.meanReturn), real(st.tStat), st.lags, real(st.medianAbsLoadingT), real(st.ic), real(st.icTStat));
      }
      for (let t = 0; t < fit.factorReturnDates.length; t++) {
        for (let k = 0; k < K; k++) factorReturns.add(runId, date, fit.factorReturnDates[t], fit.factors[k], real(fit.factorReturns[t * K + k]));
      }
    },
    evaluation(runId, ev) {
      const ic = Object.fromEntries(ev.ic.map((x) => [x.factor, real(x.ic)]));
      channel.run(insertEvaluation, [runId, ev.fitDate, ev.through, ev.bars, real(ev.biasStatistic), real(ev.meanAssetBias), JSON.stringify(ic)]);
    }
  };
}

// src/store/writer-thread.ts
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
var MAX_IN_FLIGHT = 2;
var YOUNG_GENERATION_MIB = 4;
var STALL_MS = 12e4;
var NUMBER = 0;
var STRING = 1;
var NULL = 2;
var DONE = 0;
var FAILED = 1;
var CLOSED = 2;
var WRITER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const busy = new Float64Array(workerData.busy);
const statements = [];
let db;
let apply;
let failed = false;
const fail = (transaction, err) => {
  failed = true;
  workerData.errors.postMessage({ transaction, message: err instanceof Error ? err.message : String(err) });
  Atomics.store(state, ${FAILED}, 1);
};
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file);
  for (const pragma of workerData.pragmas) db.pragma(pragma);
  // One reused argument array per statement: rows arrive as typed columns, not as JavaScript arrays to collect.
  const args = [];
  apply = db.transaction(({ ops, tags, values, strings }) => {
    let p = 0;
    for (let k = 0; k < ops.length; k += 2) {
      const handle = ops[k];
      const count = ops[k + 1];
      const a = args[handle] ?? (args[handle] = []);
      a.length = count;
      for (let j = 0; j < count; j++, p++) a[j] = tags[p] === ${NUMBER} ? values[p] : tags[p] === ${STRING} ? strings[values[p]] : null;
      statements[handle].run(a);
    }
  });
} catch (err) {
  fail(-1, err);
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    try {
      if (db !== undefined) db.close();
    } finally {
      parentPort.close();
      Atomics.store(state, ${CLOSED}, 1);
      Atomics.notify(state, ${CLOSED});
    }
    return;
  }
  const started = performance.now();
  if (!failed) {
    try {
      for (const sql of message.sql) statements.push(db.prepare(sql));
      apply(message);
    } catch (err) {
      fail(message.transaction, err);
    }
  }
  busy[0] += performance.now() - started;
  Atomics.add(state, ${DONE}, 1);
  Atomics.notify(state, ${DONE});
});
`;
var WriterThreadError = class extends Error {
  transaction;
  constructor(transaction, message) {
    super(message);
    this.name = "WriterThreadError";
    this.transaction = transaction;
  }
};
var WriterThread = class {
  #worker;
  #state;
  #busy;
  #errors;
  #statements = 0;
  #newSql = [];
  /** The queued transaction: (statement, value count) pairs, each value's tag and number, and its distinct strings. */
  #ops = [];
  #tags = new Uint8Array(1 << 16);
  #values = new Float64Array(1 << 16);
  #length = 0;
  #strings = /* @__PURE__ */ new Map();
  #sent = 0;
  #failure;
  #closed = false;
  /** @param pragmas settings of the thread's connection (the main connection's, and any of the caller's after them) */
  constructor(db, pragmas = CONNECTION_PRAGMAS) {
    if (db.memory) throw new RangeError("a writer thread needs a database file; an in-memory database is private to its connection");
    this.#state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    this.#busy = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
    const { port1, port2 } = new MessageChannel();
    this.#errors = port1;
    this.#worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve("better-sqlite3"),
        file: db.name,
        pragmas,
        state: this.#state.buffer,
        busy: this.#busy.buffer,
        errors: port2
      },
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB }
    });
    this.#worker.unref();
    this.#errors.unref();
  }
  statement(sql) {
    this.#newSql.push(sql);
    return this.#statements++;
  }
  run(handle, values2) {
    if (this.#length + values2.length > this.#values.length) this.#grow(this.#length + values2.length);
    const tags = this.#tags;
    const encoded = this.#values;
    let p = this.#length;
    for (const v of values2) {
      if (typeof v === "number") {
        tags[p] = NUMBER;
        encoded[p] = v;
      } else if (typeof v === "string") {
        let index = this.#strings.get(v);
        if (index === void 0) this.#strings.set(v, index = this.#strings.size);
        tags[p] = STRING;
        encoded[p] = index;
      } else {
        tags[p] = NULL;
      }
      p++;
    }
    this.#length = p;
    this.#ops.push(handle, values2.length);
  }
  /**
   * Post the queued transaction as typed columns and one copy of each distinct
   * string: a structured clone of the rows themselves cost the thread 20 MiB of
   * heap for objects that live only until their transaction is written.
   */
  commit() {
    if (this.#closed) throw new RangeError("the writer thread is closed");
    this.#throwIfFailed();
    if (this.#ops.length === 0 && this.#newSql.length === 0) return;
    const tags = this.#tags.slice(0, this.#length);
    const values2 = this.#values.slice(0, this.#length);
    const ops = Int32Array.from(this.#ops);
    this.#worker.postMessage({ transaction: this.#sent, sql: this.#newSql, ops, tags, values: values2, strings: [...this.#strings.keys()] }, [tags.buffer, values2.buffer, ops.buffer]);
    this.#newSql = [];
    this.#clear();
    this.#sent++;
    this.#waitUntilDone(this.#sent - MAX_IN_FLIGHT);
    this.#throwIfFailed();
  }
  drain() {
    this.#waitUntilDone(this.#sent);
    this.#throwIfFailed();
  }
  /** Wait for the written transactions (a failure stays for `commit`/`drain` to report), then close the thread's connection. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#clear();
    this.#waitUntilDone(this.#sent);
    this.#worker.postMessage("close");
    while (Atomics.load(this.#state, CLOSED) === 0) this.#wait(CLOSED, 0);
    this.#errors.close();
  }
  get busyMs() {
    return this.#busy[0];
  }
  #clear() {
    this.#ops = [];
    this.#length = 0;
    this.#strings.clear();
  }
  #grow(needed) {
    let size = this.#values.length;
    while (size < needed) size *= 2;
    const tags = new Uint8Array(size);
    const values2 = new Float64Array(size);
    tags.set(this.#tags.subarray(0, this.#length));
    values2.set(this.#values.subarray(0, this.#length));
    this.#tags = tags;
    this.#values = values2;
  }
  #waitUntilDone(target) {
    for (let done = Atomics.load(this.#state, DONE); done < target; done = Atomics.load(this.#state, DONE)) this.#wait(DONE, done);
  }
  /** Block until slot `slot` moves from `value`; a thread silent for `STALL_MS` has died (it answers every message, failed or not). */
  #wait(slot, value) {
    if (Atomics.wait(this.#state, slot, value, STALL_MS) === "timed-out") {
      throw new WriterThreadError(this.#sent - 1, `the writer thread gave no answer for ${STALL_MS / 1e3} s; it has stopped`);
    }
  }
  #throwIfFailed() {
    if (this.#failure === void 0 && Atomics.load(this.#state, FAILED) === 1) {
      const failure = receiveMessageOnPort(this.#errors)?.message;
      this.#failure = new WriterThreadError(failure?.transaction ?? -1, failure?.message ?? "the writer thread failed");
    }
    if (this.#failure !== void 0) throw this.#failure;
  }
};

// src/store/sqlite-recorder.ts
var BARS_PER_COMMIT = 32;
var SqliteRecorder = class _SqliteRecorder {
  runId;
  db;
  channel;
  /** Queue one bar's rows on the channel (encoded at once, so the day record can be collected). */
  queueDay;
  /** Commit the queued bars as one transaction. */
  commitQueued;
  /** The dates of the first and last bar queued for the next commit, and how many. */
  queued;
  /** The bars of each transaction committed so far (`first..last`), to name the ones a writer thread could not write. */
  committed = [];
  /** When resuming: the NAV stored for each whole day already written (those days are replayed, not rewritten). */
  storedNav;
  constructor(db, runId, options, storedNav = /* @__PURE__ */ new Map()) {
    this.db = db;
    this.runId = runId;
    this.storedNav = storedNav;
    const cache = "cache_size = -2000";
    const threaded = (options.writer ?? "thread") === "thread" && !db.memory;
    if (!threaded) db.pragma(cache);
    const channel = threaded ? new WriterThread(db, [...CONNECTION_PRAGMAS, cache]) : new DirectChannel(db);
    this.channel = channel;
    const insertDaily = channel.statement("INSERT INTO daily VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    const holdings = new BatchInsert(channel, "INSERT INTO holdings VALUES", 4);
    const trades = new BatchInsert(channel, "INSERT INTO trades VALUES", 6);
    const insertRebalance = channel.statement(
      `INSERT INTO rebalances (run_id, date, execute_date, status, backend, solve_ms, objective, universe, planned_turnover, predicted_vol, relaxed_json, vol_scale, duality_gap)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`
    );
    const targets = new BatchInsert(channel, "INSERT INTO targets VALUES", 4);
    const fits = prepareFitWriter(channel);
    const attribution = new BatchInsert(channel, "INSERT INTO attribution VALUES", 4);
    const events = new BatchInsert(channel, "INSERT INTO events VALUES", 4);
    const batches = [holdings, trades, targets, attribution, events, ...fits.batches];
    const setLastDate = channel.statement("UPDATE runs SET last_date = ?, first_date = coalesce(first_date, ?) WHERE id = ?");
    const writeOne = (day) => {
      const { date } = day;
      channel.run(insertDaily, [runId, date, day.nav, day.grossReturn, day.netReturn, day.cost, day.turnover, day.grossExposure, day.netExposure, real(day.predictedVol), day.holdings.length]);
      for (const h of day.holdings) holdings.add(runId, date, h.asset, h.weight);
      for (const tr of day.trades) trades.add(runId, date, tr.asset, tr.weight, tr.cost, tr.reason);
      for (const e of day.events) events.add(runId, date, e.kind, e.detail);
      const rb = day.rebalance;
      if (rb !== void 0) {
        channel.run(insertRebalance, [runId, date, rb.executeDate, rb.status, rb.backend, rb.solveMs, real(rb.objective), rb.universe, rb.plannedTurnover, real(rb.predictedVol), JSON.stringify(rb.relaxed), real(rb.volScale), real(rb.dualityGap)]);
        for (const tg of rb.targets) targets.add(runId, date, tg.asset, tg.weight);
      }
      if (day.fit !== void 0) fits.fit(runId, date, day.fit);
      if (day.evaluation !== void 0) fits.evaluation(runId, day.evaluation);
      if (day.attribution !== void 0) {
        const a = day.attribution;
        for (let k = 0; k < a.factors.length; k++) attribution.add(runId, date, a.factors[k], a.contributions[k]);
        attribution.add(runId, date, "specific", a.specific);
      }
    };
    this.queueDay = (day) => {
      writeOne(day);
      this.queued = { first: this.queued?.first ?? day.date, last: day.date, bars: (this.queued?.bars ?? 0) + 1 };
    };
    this.commitQueued = () => {
      const queued = this.queued;
      if (queued === void 0) return;
      this.queued = void 0;
      try {
        for (const batch of batches) batch.flush();
        channel.run(setLastDate, [queued.last, queued.first, runId]);
        this.committed.push(`${queued.first}..${queued.last}`);
        channel.commit();
      } catch (err) {
        for (const batch of batches) batch.discard();
        throw this.storageError(err);
      }
    };
  }
  /** Create the run row (status `running`) and return a recorder for it. */
  static start(db, meta, options = {}) {
    const info = db.prepare(
      `INSERT INTO runs (strategy, strategy_file, source_hash, config_json, data_source, data_fingerprint, code_version, status, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)`
    ).run(meta.strategy, meta.strategyFile, meta.sourceHash, JSON.stringify(meta.config), meta.dataSource, meta.dataFingerprint, meta.codeVersion, (/* @__PURE__ */ new Date()).toISOString());
    return new _SqliteRecorder(db, Number(info.lastInsertRowid), options);
  }
  /**
   * Reopen run `runId` to continue it: days already stored are replayed by the
   * engine and checked against the stored NAV instead of written again.
   * @throws UsageError when the run does not exist or is not an unfinished (`running`) run
   */
  static resume(db, runId, options = {}) {
    const run = db.prepare("SELECT status FROM runs WHERE id = ?").get(runId);
    if (run === void 0) throw new UsageError(`run ${runId} is not in this database (factorlab runs lists them)`);
    if (run.status !== "running") throw new UsageError(`run ${runId} is ${run.status}; only a run that was interrupted (status running) can be resumed`);
    const rows = db.prepare("SELECT date, nav FROM daily WHERE run_id = ?").all(runId);
    return new _SqliteRecorder(db, runId, options, new Map(rows.map((r) => [r.date, r.nav])));
  }
  /** Days stored before a resume (0 for a new run). */
  get storedDays() {
    return this.storedNav.size;
  }
  recordDay(day) {
    const stored = this.storedNav.get(day.date);
    if (stored === void 0) {
      this.queueDay(day);
      if (this.queued !== void 0 && this.queued.bars >= BARS_PER_COMMIT) this.commitQueued();
      return;
    }
    if (Math.abs(day.nav - stored) > 1e-9 * Math.max(1, Math.abs(stored))) {
      throw new Error(`resume of run ${this.runId} diverged on ${day.date}: stored NAV ${stored}, replayed ${day.nav}; the data, strategy or code differs from the interrupted run`);
    }
  }
  /** Store every data-quality finding with the policy applied, and the policies in the run's configuration. */
  recordDataQuality(report2) {
    this.drain();
    const insert = this.db.prepare("INSERT INTO data_issues VALUES (?,?,?,?,?,?,?,?)");
    const row = this.db.prepare("SELECT config_json FROM runs WHERE id = ?").get(this.runId);
    const config = { ...JSON.parse(row.config_json), dataChecksApplied: { policies: report2.policies, thresholds: report2.thresholds } };
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM data_issues WHERE run_id = ?").run(this.runId);
      for (const x of report2.issues) insert.run(this.runId, x.check, x.asset, x.date, x.endDate, real(x.value), report2.policies[x.check], x.detail);
      this.db.prepare("UPDATE runs SET config_json = ? WHERE id = ?").run(JSON.stringify(config), this.runId);
    })();
  }
  /** Milliseconds SQLite spent executing the run's bars (on the writer thread when there is one). */
  get writerMs() {
    return this.channel.busyMs;
  }
  /** Whether the bars are written by a writer thread. */
  get threaded() {
    return this.channel instanceof WriterThread;
  }
  /** Commit what is pending and wait until every bar is written. */
  drain() {
    this.commitQueued();
    try {
      this.channel.drain();
    } catch (err) {
      throw this.storageError(err);
    }
  }
  /** A writer thread's failure names the bars it could not write. */
  storageError(err) {
    if (!(err instanceof WriterThreadError)) return err;
    const bars = this.committed[err.transaction] ?? "the first bars";
    return new Error(`storing bars ${bars} of run ${this.runId} failed: ${err.message}; the bars before them are stored`, { cause: err });
  }
  /** Store the summary and mark the run finished, in one transaction. */
  finish(summary, byYear = []) {
    this.drain();
    this.channel.close();
    const insert = this.db.prepare("INSERT INTO summary (run_id, metric, value, reason) VALUES (?,?,?,?)");
    this.db.transaction(() => {
      for (const [metric, value] of Object.entries(summary)) {
        const defined = Number.isFinite(value);
        insert.run(this.runId, metric, defined ? value : null, defined ? null : undefinedReason(metric, summary));
      }
      for (const y of byYear) insert.run(this.runId, `return:${y.year}`, real(y.return), null);
      this.db.prepare("UPDATE runs SET status = 'finished', finished_at = ? WHERE id = ?").run((/* @__PURE__ */ new Date()).toISOString(), this.runId);
    })();
  }
  /**
   * Commit the whole bars recorded so far and mark the run failed with the
   * error message (and the storage failure, if writing the bars failed too).
   */
  fail(error) {
    let message = error instanceof Error ? error.message : String(error);
    try {
      this.drain();
    } catch (storage) {
      if (storage !== error) message += `; ${storage instanceof Error ? storage.message : String(storage)}`;
    } finally {
      this.channel.close();
    }
    this.db.prepare("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?").run(message, (/* @__PURE__ */ new Date()).toISOString(), this.runId);
  }
};

// src/core/history.ts
var History = class {
  #panel;
  #series;
  #t;
  /** The decision date: the last date whose data is visible. */
  asOf;
  /** Asset ids, in the column order of every vector this view returns. */
  assets;
  /**
   * @param alignedSeries series already aligned to `panel.dates` (publication
   *   lags applied), so index `t` holds what was known at the close of `dates[t]`
   */
  constructor(panel, alignedSeries, t) {
    if (!Number.isInteger(t) || t < 0 || t >= panel.dates.length) {
      throw new RangeError(`History index ${t} is outside the panel (0..${panel.dates.length - 1})`);
    }
    this.#panel = panel;
    this.#series = alignedSeries;
    this.#t = t;
    this.asOf = panel.dates[t];
    this.assets = panel.assets;
  }
  /** Number of bars visible (the index of `asOf` plus one). */
  get length() {
    return this.#t + 1;
  }
  hasField(name) {
    return this.#panel.hasField(name);
  }
  /** The last `bars` dates up to `asOf` (fewer near the start of the data). */
  dates(bars) {
    return this.#panel.dates.slice(Math.max(0, this.#t - bars + 1), this.#t + 1);
  }
  /** One value per asset on `asOf` (a copy). */
  latest(field) {
    const n = this.assets.length;
    return this.#panel.field(field).slice(this.#t * n, (this.#t + 1) * n);
  }
  /**
   * The last `bars` rows of a field ending at `asOf`, date-major (`bars × assets`,
   * a copy); rows before the first date are `NaN`.
   */
  window(field, bars) {
    const n = this.assets.length;
    const src = this.#panel.field(field);
    const out = new Float64Array(bars * n).fill(NaN);
    const from = this.#t - bars + 1;
    const start = Math.max(0, from);
    out.set(src.subarray(start * n, (this.#t + 1) * n), (start - from) * n);
    return out;
  }
  seriesNames() {
    return [...this.#series.keys()];
  }
  /** The last `bars` values of a named series ending at `asOf` (a copy, `NaN`-padded). */
  series(name, bars) {
    const src = this.#series.get(name);
    if (src === void 0) throw new RangeError(`No series '${name}' (series: ${this.seriesNames().join(", ") || "none"})`);
    const out = new Float64Array(bars).fill(NaN);
    const from = this.#t - bars + 1;
    const start = Math.max(0, from);
    out.set(src.subarray(start, this.#t + 1), start - from);
    return out;
  }
};

// src/data/date-fns-utc.ts
import { addDays as fnsAddDays, getISOWeek as fnsGetISOWeek, getISOWeekYear as fnsGetISOWeekYear } from "date-fns";
function toLocalMidnight(date) {
  const utc = /* @__PURE__ */ new Date(`${date}T00:00:00Z`);
  return new Date(utc.getTime() + utc.getTimezoneOffset() * 6e4);
}
function toIso(local) {
  const y = local.getFullYear();
  const m = String(local.getMonth() + 1).padStart(2, "0");
  const d = String(local.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}
function getISOWeek(date) {
  return fnsGetISOWeek(toLocalMidnight(date));
}
function getISOWeekYear(date) {
  return fnsGetISOWeekYear(toLocalMidnight(date));
}
function getUTCDay(date) {
  return (/* @__PURE__ */ new Date(`${date}T00:00:00Z`)).getUTCDay();
}
function addDays(date, days) {
  return toIso(fnsAddDays(toLocalMidnight(date), days));
}

// src/core/constants.ts
var CONSTRAINT_TOLERANCE = 1e-8;
var BPS = 1e-4;
var DAYS_PER_YEAR_CONTINUOUS = 365;
var DAYS_PER_YEAR_BUSINESS = 252;

// src/data/calendar.ts
function periodKey(date, cadence) {
  if (cadence === "day") return date;
  if (cadence === "month") return date.slice(0, 7);
  return `${getISOWeekYear(date)}-W${getISOWeek(date)}`;
}
function periodStarts(dates, cadence) {
  const starts = new Uint8Array(dates.length);
  let previous = "";
  for (let t = 0; t < dates.length; t++) {
    const key = periodKey(dates[t], cadence);
    starts[t] = t === 0 || key !== previous ? 1 : 0;
    previous = key;
  }
  return starts;
}
function barsPerYear(dates) {
  return dates.some((d) => {
    const day = getUTCDay(d);
    return day === 0 || day === 6;
  }) ? DAYS_PER_YEAR_CONTINUOUS : DAYS_PER_YEAR_BUSINESS;
}

// src/data/check-quality.ts
var DATA_CHECKS = ["nonPositivePrice", "split", "stale", "extremeReturn", "gap"];
var CHECK_POLICIES = ["error", "exclude", "warn", "ignore"];
var DEFAULT_CHECK_POLICIES = {
  nonPositivePrice: "error",
  split: "warn",
  stale: "warn",
  extremeReturn: "warn",
  gap: "warn"
};
var SPLIT_RATIOS = [2, 3, 4, 5, 8, 10, 20, 50, 100];
var SPLIT_TOLERANCE = 0.03;
function checkDataQuality(panel, settings = {}) {
  const policies = { ...DEFAULT_CHECK_POLICIES, ...settings.policies };
  const thresholds = { extremeReturn: settings.extremeReturn ?? 1, staleDays: settings.staleDays ?? 5, gapDays: settings.gapDays ?? 3 };
  const { dates, assets } = panel;
  const n = assets.length;
  const T = dates.length;
  const close = panel.field("close");
  const delisting = panel.hasField("delisting_return") ? panel.field("delisting_return") : void 0;
  const found = new Array(n);
  const closes = /* @__PURE__ */ new Set();
  const returns = /* @__PURE__ */ new Set();
  const add = (i, issue, cells) => {
    if (policies[issue.check] === "ignore") return;
    (found[i] ??= []).push(issue);
    if (policies[issue.check] !== "exclude") return;
    for (const c of cells.closes ?? []) closes.add(c);
    for (const c of cells.returns ?? []) returns.add(c);
  };
  const reportStale = (i, from, end) => {
    const run = [];
    for (let t = from; t < end; t++) if (!Number.isNaN(close[t * n + i])) run.push(t);
    if (run.length < thresholds.staleDays) return;
    add(
      i,
      { check: "stale", asset: assets[i], date: dates[run[0]], endDate: dates[run[run.length - 1]], value: run.length, detail: `${run.length} identical closes (${close[run[0] * n + i]})` },
      { closes: run.slice(1).map((t) => t * n + i) }
    );
  };
  const extreme = Math.log(1 + thresholds.extremeReturn);
  const splitMove = Math.log(2) - 2 * SPLIT_TOLERANCE;
  const quiet = Math.min(splitMove, extreme);
  const quietHigh = Math.exp(quiet) * (1 - 1e-12);
  const quietLow = Math.exp(-quiet) * (1 + 1e-12);
  const prevBar = new Int32Array(n).fill(-1);
  const staleStart = new Int32Array(n).fill(-1);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      const cell = t * n + i;
      const c = close[cell];
      if (Number.isNaN(c)) continue;
      if (c <= 0) {
        add(i, { check: "nonPositivePrice", asset: assets[i], date: dates[t], endDate: dates[t], value: c, detail: `close ${c} is not positive` }, { closes: [cell] });
        continue;
      }
      const prev = prevBar[i];
      prevBar[i] = t;
      if (prev < 0) continue;
      const p = close[prev * n + i];
      if (t - prev - 1 >= thresholds.gapDays) {
        add(i, { check: "gap", asset: assets[i], date: dates[prev + 1], endDate: dates[t - 1], value: t - prev - 1, detail: `${t - prev - 1} missing closes; the move across the gap is ${(100 * (c / p - 1)).toFixed(1)}%` }, { returns: [cell] });
      }
      const ratio = c / p;
      const inside = ratio > quietLow && ratio < quietHigh;
      if (!inside && (delisting === void 0 || Number.isNaN(delisting[cell]))) {
        const move = Math.log(ratio);
        const peers = Math.abs(move) > splitMove ? peerMedianMove(close, n, t, i) : 0;
        const k = Math.abs(move) > splitMove ? splitRatio(move - peers) : void 0;
        if (k !== void 0) {
          add(i, { check: "split", asset: assets[i], date: dates[t], endDate: dates[t], value: c / p, detail: `close ${p} \u2192 ${c} (\xD7${(c / p).toFixed(4)}) while peers moved ${(100 * (Math.exp(peers) - 1)).toFixed(1)}%: probable unadjusted ${k > 1 ? `1-for-${k} reverse split` : `${Math.round(1 / k)}-for-1 split`}` }, { returns: [cell] });
        } else if (Math.abs(move) > extreme) {
          add(i, { check: "extremeReturn", asset: assets[i], date: dates[t], endDate: dates[t], value: c / p - 1, detail: `return ${(100 * (c / p - 1)).toFixed(1)}% beyond the \xB1${(100 * thresholds.extremeReturn).toFixed(0)}% (log) threshold` }, { returns: [cell] });
        }
      }
      if (c === p) {
        if (staleStart[i] < 0) staleStart[i] = prev;
      } else if (staleStart[i] >= 0) {
        reportStale(i, staleStart[i], t);
        staleStart[i] = -1;
      }
    }
  }
  for (let i = 0; i < n; i++) if (staleStart[i] >= 0) reportStale(i, staleStart[i], T);
  const issues = found.flatMap((list) => list ?? []);
  return { issues, policies, thresholds, exclusions: { closes, returns } };
}
function splitRatio(move) {
  for (const k of SPLIT_RATIOS) {
    if (Math.abs(move + Math.log(k)) < SPLIT_TOLERANCE) return 1 / k;
    if (Math.abs(move - Math.log(k)) < SPLIT_TOLERANCE) return k;
  }
  return void 0;
}
function peerMedianMove(close, n, t, self) {
  const moves = [];
  for (let j = 0; j < n; j++) {
    if (j === self) continue;
    const a = close[(t - 1) * n + j];
    const b = close[t * n + j];
    if (a > 0 && b > 0) moves.push(Math.log(b / a));
  }
  return moves.length === 0 ? 0 : quantileSorted(Float64Array.from(moves).sort(), 0.5);
}

// src/data/derive-returns.ts
function withReturns(panel) {
  const n = panel.assets.length;
  const T = panel.dates.length;
  const close = panel.field("close");
  const delist = panel.hasField("delisting_return") ? panel.field("delisting_return") : void 0;
  const ret = new Float64Array(T * n).fill(NaN);
  for (let i = 0; i < n; i++) {
    let prev = NaN;
    for (let t = 0; t < T; t++) {
      const cell = t * n + i;
      const c = close[cell];
      if (Number.isNaN(c)) continue;
      if (!Number.isNaN(prev)) ret[cell] = c / prev - 1;
      const d = delist === void 0 ? NaN : delist[cell];
      if (!Number.isNaN(d)) ret[cell] = (Number.isNaN(ret[cell]) ? 1 : 1 + ret[cell]) * (1 + d) - 1;
      prev = c;
    }
  }
  const fields = new Map(panel.fieldNames.map((f) => [f, panel.field(f)]));
  fields.set("return", ret);
  return new Panel(panel.dates, panel.assets, fields);
}

// src/data/prepare-panel.ts
var QUOTED_FINDINGS = 5;
function preparePanel(market, settings = {}) {
  const key = JSON.stringify(settings);
  const byMarket = prepared.get(market) ?? /* @__PURE__ */ new Map();
  prepared.set(market, byMarket);
  const cached = byMarket.get(key);
  if (cached !== void 0) return cached;
  const result = prepareUncached(market, settings);
  byMarket.set(key, result);
  return result;
}
var prepared = /* @__PURE__ */ new WeakMap();
function prepareUncached(market, settings) {
  const report2 = checkDataQuality(market.panel, settings);
  for (const check of DATA_CHECKS) {
    if (report2.policies[check] !== "error") continue;
    const found = report2.issues.filter((x) => x.check === check);
    if (found.length === 0) continue;
    const quoted = found.slice(0, QUOTED_FINDINGS).map((x) => `${x.asset} on ${x.date}: ${x.detail}`).join("; ");
    throw new DataError(
      "data-quality",
      { file: market.source },
      `${found.length} ${check} finding(s) under policy 'error': ${quoted}${found.length > QUOTED_FINDINGS ? "; \u2026" : ""}. Fix the data, or set dataChecks.policies.${check} to 'exclude' (drop these asset-dates) or 'warn'`
    );
  }
  const { closes, returns } = report2.exclusions;
  const raw = market.panel;
  const fields = new Map(raw.fieldNames.map((f) => [f, raw.field(f)]));
  if (closes.size > 0) {
    const close = raw.field("close").slice();
    for (const cell of closes) close[cell] = NaN;
    fields.set("close", close);
  }
  const panel = withReturns(new Panel(raw.dates, raw.assets, fields));
  if (returns.size === 0) return { panel, report: report2 };
  const ret = panel.field("return");
  for (const cell of returns) ret[cell] = NaN;
  return { panel, report: report2 };
}

// src/model/factor-model.ts
function isFitted(model, i) {
  return model.observations[i] > 0;
}
function predictedVariance(model, w) {
  const { systematic, specific } = decomposeRisk(model, w);
  return systematic + specific;
}
function assetVariance(model, i) {
  const K = model.factors.length;
  let systematic = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) systematic += model.loadings[i * K + a] * model.factorCovariance[a * K + b] * model.loadings[i * K + b];
  }
  return systematic + model.specificVariance[i];
}
function decomposeRisk(model, w) {
  const K = model.factors.length;
  const exposure = new Float64Array(K);
  let specific = 0;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    for (let k = 0; k < K; k++) exposure[k] += wi * model.loadings[i * K + k];
    specific += wi * wi * model.specificVariance[i];
  }
  let systematic = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) systematic += exposure[a] * model.factorCovariance[a * K + b] * exposure[b];
  }
  return { systematic, specific };
}

// src/diagnostics/attribution.ts
function attributeReturn(weights, assetReturns, loadings, factorReturns) {
  const K = factorReturns.length;
  const exposure = new Float64Array(K);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (w === 0) continue;
    if (!Number.isNaN(assetReturns[i])) total += w * assetReturns[i];
    for (let k = 0; k < K; k++) {
      const b = loadings[i * K + k];
      if (Number.isFinite(b)) exposure[k] += w * b;
    }
  }
  const contributions = exposure.map((e, k) => Number.isFinite(factorReturns[k]) ? e * factorReturns[k] : 0);
  return { contributions, specific: total - contributions.reduce((a, b) => a + b, 0), total };
}

// src/factors/window-stats.ts
function compoundEach(window, n, minValid) {
  const bars = window.length / n;
  const growth = new Float64Array(n).fill(1);
  const count = new Int32Array(n);
  for (let s = 0; s < bars; s++) {
    const row = s * n;
    for (let i = 0; i < n; i++) {
      const r = window[row + i];
      if (r !== r) continue;
      growth[i] *= 1 + r;
      count[i]++;
    }
  }
  for (let i = 0; i < n; i++) growth[i] = count[i] >= minValid ? growth[i] - 1 : NaN;
  return growth;
}

// src/factors/standardize.ts
function winsorize(x, fraction) {
  if (!(fraction >= 0 && fraction < 0.5)) throw new RangeError(`winsorize: fraction (${fraction}) must be in [0, 0.5)`);
  const finite = finiteSorted(x);
  if (finite.length === 0) return x.slice();
  const lo = quantileSorted(finite, fraction);
  const hi = quantileSorted(finite, 1 - fraction);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Number.isNaN(x[i]) ? x[i] : Math.min(hi, Math.max(lo, x[i]));
  return out;
}
function finiteSorted(x) {
  let count = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) count++;
  const out = new Float64Array(count);
  for (let i = 0, j = 0; i < x.length; i++) if (Number.isFinite(x[i])) out[j++] = x[i];
  return out.sort();
}
function zScore(x, options = {}) {
  const { weights } = options;
  if (weights !== void 0 && weights.length !== x.length) throw new RangeError(`zScore: weights has ${weights.length} entries, x has ${x.length}`);
  let n = 0;
  let sum = 0;
  let wSum = 0;
  let wxSum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    sum += v;
    n++;
    const w = weights === void 0 ? 1 : weights[i];
    if (w > 0) {
      wSum += w;
      wxSum += w * v;
    }
  }
  if (n === 0) return x.slice();
  const plainMean = sum / n;
  let ss = 0;
  for (const v of x) if (Number.isFinite(v)) ss += (v - plainMean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const center = wSum > 0 ? wxSum / wSum : plainMean;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Number.isNaN(x[i]) ? x[i] : sd > 0 ? (x[i] - center) / sd : 0;
  return out;
}
function averageRanks(x) {
  const sorted = finiteSorted(x);
  const runEnd = new Int32Array(sorted.length);
  for (let j = sorted.length - 1; j >= 0; j--) runEnd[j] = j + 1 < sorted.length && sorted[j + 1] === sorted[j] ? runEnd[j + 1] : j + 1;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      out[i] = NaN;
      continue;
    }
    const first = lowerBound(sorted, x[i]);
    out[i] = (first + runEnd[first] - 1) / 2;
  }
  return out;
}
function lowerBound(sorted, v) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// src/model/rank-correlation.ts
function rankCorrelation(x, y) {
  let pairs = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) pairs++;
  if (pairs < 3) return NaN;
  const xs = new Float64Array(pairs);
  const ys = new Float64Array(pairs);
  for (let i = 0, j = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    xs[j] = x[i];
    ys[j++] = y[i];
  }
  return pearson(averageRanks(xs), averageRanks(ys));
}
function pearson(a, b) {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

// src/model/evaluate-model.ts
function evaluateModel(model, returns, dates) {
  const T = dates.length;
  const N = model.assets.length;
  const K = model.factors.length;
  if (T === 0) return void 0;
  const fitted = [];
  for (let i = 0; i < N; i++) if (isFitted(model, i)) fitted.push(i);
  const ew = new Float64Array(N);
  for (const i of fitted) ew[i] = 1 / fitted.length;
  const portfolioVol = Math.sqrt(predictedVariance(model, ew));
  const vol = new Float64Array(N);
  for (const i of fitted) vol[i] = Math.sqrt(assetVariance(model, i));
  const standardized = [];
  const count = new Int32Array(N);
  const sumZ = new Float64Array(N);
  const growth = new Float64Array(N).fill(1);
  for (let t = 0; t < T; t++) {
    let r = 0;
    let present = 0;
    for (const i of fitted) {
      const v = returns[t * N + i];
      if (Number.isNaN(v)) continue;
      r += v;
      present++;
      count[i]++;
      sumZ[i] += v / vol[i];
      growth[i] *= 1 + v;
    }
    if (present > 0) standardized.push(r / present / portfolioVol);
  }
  const squares = new Float64Array(N);
  for (let t = 0; t < T; t++) {
    for (const i of fitted) {
      const v = returns[t * N + i];
      if (Number.isNaN(v) || count[i] < 2) continue;
      squares[i] += (v / vol[i] - sumZ[i] / count[i]) ** 2;
    }
  }
  let assetBiasSum = 0;
  let assetCount = 0;
  for (let i = 0; i < N; i++) {
    growth[i] = count[i] > 0 ? growth[i] - 1 : NaN;
    if (count[i] >= 2) {
      assetBiasSum += Math.sqrt(squares[i] / (count[i] - 1));
      assetCount++;
    }
  }
  const loadings = new Float64Array(N);
  const ic = model.factors.map((factor, k) => {
    for (let i = 0; i < N; i++) loadings[i] = model.loadings[i * K + k];
    return { factor, ic: rankCorrelation(loadings, growth) };
  });
  return {
    fitDate: model.asOf,
    through: dates[T - 1],
    bars: T,
    biasStatistic: standardized.length >= 2 ? sampleSd(standardized) : NaN,
    meanAssetBias: assetCount > 0 ? assetBiasSum / assetCount : NaN,
    ic
  };
}
function sampleSd(x) {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1));
}

// src/optimize/portfolio-problem.ts
function costOf(problem, i) {
  const c = problem.costPerUnitTraded;
  return typeof c === "number" ? c : c[i];
}

// src/optimize/check-portfolio.ts
function checkPortfolio(problem, w, tolerance = CONSTRAINT_TOLERANCE) {
  const out = [];
  const push = (constraint, value, limit, excess) => {
    if (!(excess <= tolerance)) out.push({ constraint, value, limit, excess });
  };
  const n = problem.assets.length;
  if (w.length !== n) return [{ constraint: "length", value: w.length, limit: n, excess: Infinity }];
  let net = 0;
  let gross = 0;
  let turnover = 0;
  for (let i = 0; i < n; i++) {
    const a = problem.assets[i];
    if (!Number.isFinite(w[i])) push(`finite[${a}]`, w[i], 0, Infinity);
    net += w[i];
    gross += Math.abs(w[i]);
    const traded = Math.abs(w[i] - problem.current[i]);
    turnover += traded;
    if (problem.longOnly) push(`long-only[${a}]`, w[i], 0, -w[i]);
    if (problem.maxAbsWeight !== void 0) push(`max-abs-weight[${a}]`, w[i], problem.maxAbsWeight, Math.abs(w[i]) - problem.maxAbsWeight);
    const lo = problem.minWeight?.[i] ?? -Infinity;
    const hi = problem.maxWeight?.[i] ?? Infinity;
    if (lo > -Infinity) push(`asset-bounds[${a}]`, w[i], lo, lo - w[i]);
    if (hi < Infinity) push(`asset-bounds[${a}]`, w[i], hi, w[i] - hi);
    const m = problem.maxTrade?.[i] ?? Infinity;
    if (m < Infinity) push(`max-trade[${a}]`, traded, m, traded - m);
    if (problem.frozen?.[i] === 1) push(`frozen[${a}]`, w[i], problem.current[i], traded);
  }
  if (problem.net !== void 0) push("net", net, problem.net, Math.abs(net - problem.net) - (problem.netBand ?? 0));
  if (problem.gross !== void 0) push("gross", gross, problem.gross, gross - problem.gross);
  if (problem.maxTurnover !== void 0) push("turnover", turnover, problem.maxTurnover, turnover - problem.maxTurnover);
  for (const { name, exposures, band, target } of problem.neutral) {
    const e = dot(exposures, w);
    push(`neutral[${name}]`, e, band, Math.abs(e - (target ?? 0)) - band);
  }
  for (const g of problem.groups ?? []) {
    let gNet = 0;
    let gGross = 0;
    for (const i of g.members) {
      gNet += w[i];
      gGross += Math.abs(w[i]);
    }
    if (g.minNet !== void 0) push(`group[${g.name}]`, gNet, g.minNet, g.minNet - gNet);
    if (g.maxNet !== void 0) push(`group[${g.name}]`, gNet, g.maxNet, gNet - g.maxNet);
    if (g.maxGross !== void 0) push(`group[${g.name}]`, gGross, g.maxGross, gGross - g.maxGross);
  }
  return out;
}
function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

// src/optimize/linear-program.ts
var LpBuilder = class {
  names = [];
  seen = /* @__PURE__ */ new Set();
  lower = [];
  upper = [];
  starts = [0];
  cols = new Int32Array(1024);
  vals = new Float64Array(1024);
  length = 0;
  open = false;
  /** Add a row; names must be unique (backends that key rows by name would merge duplicates). */
  addRow(name, lower, upper, cols, vals) {
    this.beginRow(name, lower, upper);
    for (let k = 0; k < cols.length; k++) this.push(cols[k], vals[k]);
    this.endRow();
  }
  /** Start a row whose entries follow by `push`, closed by `endRow` (as `addRow`, without arrays). */
  beginRow(name, lower, upper) {
    if (this.open) throw new Error(`LP row '${this.names[this.names.length - 1]}' was not ended`);
    if (this.seen.has(name)) throw new RangeError(`LP row '${name}' is defined twice`);
    this.seen.add(name);
    this.names.push(name);
    this.lower.push(lower);
    this.upper.push(upper);
    this.open = true;
  }
  /** An entry of the open row; zeros are left out. */
  push(col, value) {
    if (value === 0) return;
    if (this.length === this.cols.length) {
      const cols = new Int32Array(this.length * 2);
      cols.set(this.cols);
      this.cols = cols;
      const vals = new Float64Array(this.length * 2);
      vals.set(this.vals);
      this.vals = vals;
    }
    this.cols[this.length] = col;
    this.vals[this.length++] = value;
  }
  endRow() {
    this.starts.push(this.length);
    this.open = false;
  }
  build(columns) {
    if (this.open) throw new Error(`LP row '${this.names[this.names.length - 1]}' was not ended`);
    return {
      sense: columns.sense,
      colNames: columns.names,
      colCost: columns.cost,
      colLower: columns.lower,
      colUpper: columns.upper,
      rowNames: this.names,
      rowLower: Float64Array.from(this.lower),
      rowUpper: Float64Array.from(this.upper),
      rowStarts: Int32Array.from(this.starts),
      colIndex: this.cols.slice(0, this.length),
      values: this.vals.slice(0, this.length)
    };
  }
};

// src/optimize/build-problem.ts
function buildProblem(problem) {
  const n = problem.assets.length;
  const objective = problem.objective ?? "max-alpha";
  const minimize = objective === "min-exposure" ? problem.minimize ?? [] : [];
  const columns = new TradeColumns(6 * n + minimize.length);
  const start = new Float64Array(n);
  const emptyBoxes = [];
  let offset = 0;
  let startTurnover = 0;
  let startGross = 0;
  const cap = Math.min(problem.maxAbsWeight ?? Infinity, problem.gross ?? Infinity);
  for (let i = 0; i < n; i++) {
    const c = problem.current[i];
    const m = problem.frozen?.[i] === 1 ? 0 : problem.maxTrade?.[i] ?? Infinity;
    const lo = Math.max(-cap, problem.longOnly ? 0 : -Infinity, problem.minWeight?.[i] ?? -Infinity, c - m);
    const hi = Math.min(cap, problem.maxWeight?.[i] ?? Infinity, c + m);
    if (!(lo <= hi)) {
      emptyBoxes.push(columns.length);
      columns.add(i, 0, 0, 0, 0, 0);
      continue;
    }
    const s = Math.min(hi, Math.max(lo, c));
    const target = objective === "min-distance" ? problem.target[i] : NaN;
    const rate = costOf(problem, i);
    start[i] = s;
    startTurnover += Math.abs(s - c);
    startGross += Math.abs(s);
    offset += (objective === "max-alpha" ? problem.alpha[i] * s : 0) - rate * Math.abs(s - c) - (objective === "min-distance" ? Math.abs(s - target) : 0);
    const alphaSlope = objective === "max-alpha" ? problem.alpha[i] : 0;
    for (let d = 1; d >= -1; d -= 2) {
      const end = d > 0 ? hi : lo;
      let near = end;
      let far = end;
      for (let k = 0; k < 2; k++) {
        const b = k === 0 ? 0 : target;
        if (!(d * (b - s) > 0 && d * (end - b) > 0)) continue;
        if (d * (b - near) < 0) {
          far = near;
          near = b;
        } else if (b !== near && d * (b - far) < 0) far = b;
      }
      const ends = near === end ? 1 : far === end ? 2 : 3;
      let from = s;
      let segment = 0;
      for (let k = 0; k < ends; k++) {
        const to = k === ends - 1 ? end : k === 0 ? near : far;
        if (to === from) continue;
        const mid = Number.isFinite(to) ? (from + to) / 2 : from + d;
        const distanceSlope = objective === "min-distance" ? d * (mid - target) > 0 ? 1 : -1 : 0;
        columns.add(i, d, Math.abs(to - from), d * mid > 0 ? 1 : -1, d * alphaSlope - rate - distanceSlope, ++segment);
        from = to;
      }
    }
  }
  const moves = columns.length;
  for (let k = 0; k < minimize.length; k++) columns.add(-1, 0, Infinity, 0, -1, 0);
  const { asset, direction, grossSlope } = columns;
  const rows = new LpBuilder();
  const weightedRow = (name, lower, upper, coef, members) => {
    let base = 0;
    if (members === void 0) for (let i = 0; i < n; i++) base += (coef === void 0 ? 1 : coef[i]) * start[i];
    else for (const i of members) base += (coef === void 0 ? 1 : coef[i]) * start[i];
    rows.beginRow(name, lower - base, upper - base);
    for (let j = 0; j < moves; j++) if (members === void 0 || members.has(asset[j])) rows.push(j, direction[j] * (coef === void 0 ? 1 : coef[asset[j]]));
    rows.endRow();
  };
  for (const j of emptyBoxes) rows.addRow(`box[${problem.assets[asset[j]]}]`, 1, 1, [j], [1]);
  if (problem.net !== void 0) {
    const band = problem.netBand ?? 0;
    weightedRow("net", problem.net - band, problem.net + band, void 0, void 0);
  }
  if (problem.gross !== void 0) {
    rows.beginRow("gross", -Infinity, problem.gross - startGross);
    for (let j = 0; j < moves; j++) rows.push(j, grossSlope[j]);
    rows.endRow();
  }
  if (problem.maxTurnover !== void 0) {
    rows.beginRow("turnover", -Infinity, problem.maxTurnover - startTurnover);
    for (let j = 0; j < moves; j++) rows.push(j, 1);
    rows.endRow();
  }
  for (const { name, exposures, band, target } of problem.neutral) {
    const t = target ?? 0;
    weightedRow(`neutral[${name}]`, t - band, t + band, exposures, void 0);
  }
  for (const g of problem.groups ?? []) {
    const set = new Set(g.members);
    if (g.minNet !== void 0 || g.maxNet !== void 0) weightedRow(`group[${g.name}]`, g.minNet ?? -Infinity, g.maxNet ?? Infinity, void 0, set);
    if (g.maxGross !== void 0) {
      let base = 0;
      for (const i of set) base += Math.abs(start[i]);
      rows.beginRow(`group[${g.name}].gross`, -Infinity, g.maxGross - base);
      for (let j = 0; j < moves; j++) if (set.has(asset[j])) rows.push(j, grossSlope[j]);
      rows.endRow();
    }
  }
  minimize.forEach((e, k) => {
    let base = 0;
    for (let i = 0; i < n; i++) base += e.exposures[i] * start[i];
    for (const sign of [1, -1]) {
      rows.beginRow(`expo[${sign > 0 ? "+" : "-"}${e.name}]`, sign * base, Infinity);
      rows.push(moves + k, 1);
      for (let j = 0; j < moves; j++) rows.push(j, -sign * direction[j] * e.exposures[asset[j]]);
      rows.endRow();
    }
  });
  const total = columns.length;
  const lp = rows.build({ sense: "max", names: [], cost: columns.cost.slice(0, total), lower: new Float64Array(total), upper: columns.upper.slice(0, total) });
  let names;
  return {
    ...lp,
    // Names are for backends that key columns by name and for reading an LP; HiGHS does not need them.
    get colNames() {
      names ??= columns.names(problem.assets, minimize);
      return names;
    },
    start,
    colAsset: asset.slice(0, moves),
    colDirection: direction.slice(0, moves),
    objectiveOffset: offset
  };
}
var TradeColumns = class {
  /** Asset moved (−1 for an exposure column of `min-exposure`). */
  asset;
  direction;
  upper;
  /** Slope of `|w|` on the segment. */
  grossSlope;
  cost;
  /** 1, 2, 3 for an asset's segments in a direction; 0 for an empty box or an exposure column. */
  segment;
  length = 0;
  constructor(capacity) {
    this.asset = new Int32Array(capacity);
    this.direction = new Float64Array(capacity);
    this.upper = new Float64Array(capacity);
    this.grossSlope = new Float64Array(capacity);
    this.cost = new Float64Array(capacity);
    this.segment = new Uint8Array(capacity);
  }
  add(asset, direction, upper, grossSlope, cost, segment) {
    const j = this.length++;
    this.asset[j] = asset;
    this.direction[j] = direction;
    this.upper[j] = upper;
    this.grossSlope[j] = grossSlope;
    this.cost[j] = cost;
    this.segment[j] = segment;
  }
  /** `up[A]`, `up2[A]`, `down[A]`, … per segment, `box[A]` for an empty box, `expo[<name>]` for an exposure column. */
  names(assets, minimize) {
    const names = new Array(this.length);
    let exposure = 0;
    for (let j = 0; j < this.length; j++) {
      const s = this.segment[j];
      if (this.asset[j] < 0) names[j] = `expo[${minimize[exposure++].name}]`;
      else if (s === 0) names[j] = `box[${assets[this.asset[j]]}]`;
      else names[j] = `${this.direction[j] > 0 ? "up" : "down"}${s === 1 ? "" : s}[${assets[this.asset[j]]}]`;
    }
    return names;
  }
};
function weightsFromSolution(lp, x) {
  const w = lp.start.slice();
  for (let j = 0; j < lp.colAsset.length; j++) w[lp.colAsset[j]] += lp.colDirection[j] * x[j];
  return w;
}

// src/optimize/diagnose-infeasible.ts
function familiesOf(p) {
  const out = [];
  if (p.net !== void 0) out.push("net");
  if (p.gross !== void 0) out.push("gross");
  if (p.maxAbsWeight !== void 0) out.push("max-abs-weight");
  if (p.longOnly) out.push("long-only");
  if (p.minWeight !== void 0 || p.maxWeight !== void 0) out.push("asset-bounds");
  if (p.maxTurnover !== void 0) out.push("turnover");
  if (p.maxTrade !== void 0) out.push("max-trade");
  if (p.frozen?.some((f) => f === 1) === true) out.push("frozen");
  for (const e of p.neutral) out.push(`neutral[${e.name}]`);
  for (const g of p.groups ?? []) out.push(`group[${g.name}]`);
  return out;
}
function withoutFamily(p, family) {
  switch (family) {
    case "net":
      return { ...p, net: void 0 };
    case "gross":
      return { ...p, gross: void 0, maxAbsWeight: p.maxAbsWeight ?? p.gross };
    case "max-abs-weight":
      return { ...p, maxAbsWeight: void 0, gross: p.longOnly ? p.gross : p.gross ?? p.assets.length };
    case "long-only":
      return { ...p, longOnly: false, gross: p.gross ?? (p.maxAbsWeight === void 0 ? p.assets.length : void 0) };
    case "asset-bounds":
      return { ...p, minWeight: void 0, maxWeight: void 0 };
    case "turnover":
      return { ...p, maxTurnover: void 0 };
    case "max-trade":
      return { ...p, maxTrade: void 0 };
    case "frozen":
      return { ...p, frozen: void 0 };
    default:
      return {
        ...p,
        neutral: p.neutral.filter((e) => `neutral[${e.name}]` !== family),
        groups: (p.groups ?? []).filter((g) => `group[${g.name}]` !== family)
      };
  }
}
async function diagnoseInfeasible(problem, solver) {
  let kept = problem;
  const conflicting = [];
  for (const family of familiesOf(problem)) {
    const relaxed = withoutFamily(kept, family);
    const { status } = await solver.solve(buildProblem(relaxed));
    if (status === "infeasible") kept = relaxed;
    else conflicting.push(family);
  }
  return conflicting;
}
function describeFamily(p, family) {
  switch (family) {
    case "net":
      return `net (\u03A3w = ${p.net}${p.netBand ? ` \xB1 ${p.netBand}` : ""})`;
    case "gross":
      return `gross (\u03A3|w| <= ${p.gross})`;
    case "max-abs-weight":
      return `max-abs-weight (|w| <= ${p.maxAbsWeight})`;
    case "long-only":
      return "long-only (w >= 0)";
    case "asset-bounds":
      return "asset-bounds (per-asset floors and caps)";
    case "turnover":
      return `turnover (\u03A3|w \u2212 current| <= ${p.maxTurnover})`;
    case "max-trade":
      return "max-trade (per-asset trade limits)";
    case "frozen":
      return `frozen (${p.frozen?.reduce((c, f) => c + f, 0)} assets that may not trade)`;
    default: {
      const e = p.neutral.find((x) => `neutral[${x.name}]` === family);
      if (e !== void 0) return `${family} (|B'w \u2212 ${e.target ?? 0}| <= ${e.band})`;
      const g = (p.groups ?? []).find((x) => `group[${x.name}]` === family);
      return g === void 0 ? family : `${family} (net in [${g.minNet ?? "-\u221E"}, ${g.maxNet ?? "\u221E"}]${g.maxGross === void 0 ? "" : `, gross <= ${g.maxGross}`}, ${g.members.length} assets)`;
    }
  }
}

// src/optimize/duality-gap.ts
function certifyOptimality(lp, x, rowDual, colDual) {
  const m = lp.rowLower.length;
  const n = lp.colCost.length;
  const residual = Float64Array.from(lp.colCost);
  for (let r = 0; r < m; r++) {
    for (let k = lp.rowStarts[r]; k < lp.rowStarts[r + 1]; k++) residual[lp.colIndex[k]] -= lp.values[k] * rowDual[r];
  }
  let stationarity = 0;
  let primal = 0;
  for (let j = 0; j < n; j++) {
    stationarity = Math.max(stationarity, Math.abs(residual[j] - colDual[j]));
    primal += lp.colCost[j] * x[j];
  }
  const priced = { dual: 0, unboundedDual: 0 };
  priceBounds(rowDual, lp.rowLower, lp.rowUpper, lp.sense === "max", priced);
  priceBounds(colDual, lp.colLower, lp.colUpper, lp.sense === "max", priced);
  return { primal, stationarity, ...priced };
}
function priceBounds(duals, lower, upper, upperIsPositive, into) {
  let { dual, unboundedDual } = into;
  for (let i = 0; i < duals.length; i++) {
    const d = duals[i];
    if (d === 0) continue;
    const bound = d > 0 === upperIsPositive ? upper[i] : lower[i];
    if (Number.isFinite(bound)) dual += d * bound;
    else unboundedDual = Math.max(unboundedDual, Math.abs(d));
  }
  into.dual = dual;
  into.unboundedDual = unboundedDual;
}

// src/optimize/validate-problem.ts
function validateProblem(p) {
  const n = p.assets.length;
  const bad = (what) => {
    throw new OptimizerError("invalid-problem", what);
  };
  const vector = (name, v, allowInfinite = false) => {
    if (v === void 0) return;
    if (v.length !== n) bad(`${name} has ${v.length} entries, expected one per asset (${n})`);
    v.forEach((x, i) => (allowInfinite ? !Number.isNaN(x) : Number.isFinite(x)) || bad(`${name} of ${p.assets[i]} is ${x}`));
  };
  if (n === 0) bad("the universe is empty");
  const objective = p.objective ?? "max-alpha";
  vector("alpha", p.alpha);
  vector("current weight", p.current);
  if (objective === "min-distance") {
    if (p.target === void 0) bad("objective 'min-distance' needs target weights");
    vector("target weight", p.target);
  }
  if (objective === "min-exposure" && (p.minimize ?? []).length === 0) bad("objective 'min-exposure' needs exposures to minimise");
  for (const m of p.minimize ?? []) vector(`exposure '${m.name}'`, m.exposures);
  for (const { name, exposures, band, target } of p.neutral) {
    vector(`exposure '${name}'`, exposures);
    if (!(band >= 0)) bad(`band of '${name}' (${band}) must be >= 0`);
    if (target !== void 0 && !Number.isFinite(target)) bad(`target of '${name}' (${target}) must be finite`);
  }
  vector("minWeight", p.minWeight, true);
  vector("maxWeight", p.maxWeight, true);
  vector("maxTrade", p.maxTrade, true);
  p.maxTrade?.forEach((m, i) => m >= 0 || bad(`maxTrade of ${p.assets[i]} (${m}) must be >= 0`));
  vector("frozen", p.frozen);
  for (const g of p.groups ?? []) {
    g.members.forEach((i) => Number.isInteger(i) && i >= 0 && i < n || bad(`group '${g.name}' has member index ${i}, outside 0..${n - 1}`));
  }
  for (const [what, names] of [["exposure limit", p.neutral.map((e) => e.name)], ["minimised exposure", (p.minimize ?? []).map((m) => m.name)], ["group", (p.groups ?? []).map((g) => g.name)]]) {
    const dup = names.find((x, k) => names.indexOf(x) !== k);
    if (dup !== void 0) bad(`${what} '${dup}' appears twice; names must be unique`);
  }
  if (p.netBand !== void 0 && !(p.netBand >= 0)) bad(`netBand (${p.netBand}) must be >= 0`);
  if (!p.longOnly && p.gross === void 0 && p.maxAbsWeight === void 0) bad("a long-short problem needs a gross limit or a per-asset cap, or it is unbounded");
  for (let i = 0; i < n; i++) if (!(costOf(p, i) >= 0)) bad(`cost per unit traded of ${p.assets[i]} (${costOf(p, i)}) must be >= 0`);
}

// src/optimize/optimize-portfolio.ts
var OPTIMALITY_TOLERANCE = 1e-7;
async function optimizePortfolio(problem, solvers, options = {}) {
  validateProblem(problem);
  const lp = buildProblem(problem);
  const n = problem.assets.length;
  const rejected = [];
  let infeasibleBy;
  let totalMs = 0;
  for (const solver of solvers) {
    const solution = await solver.solve(lp);
    totalMs += solution.solveMs;
    if (solution.status === "infeasible") infeasibleBy ??= solver;
    if (solution.status !== "optimal" || solution.x === void 0) {
      rejected.push({ backend: solver.name, reason: solution.message ?? solution.status });
      continue;
    }
    const weights = weightsFromSolution(lp, solution.x);
    const violations = checkPortfolio(problem, weights);
    if (violations.length > 0) {
      const worst = violations.reduce((a, b) => b.excess > a.excess ? b : a);
      rejected.push({
        backend: solver.name,
        reason: `answer violates ${violations.length} limit(s); worst ${worst.constraint} = ${worst.value} (limit ${worst.limit}, excess ${worst.excess.toExponential(2)})`
      });
      continue;
    }
    let dualityGap = NaN;
    if (solution.rowDual !== void 0 && solution.colDual !== void 0) {
      const c = certifyOptimality(lp, solution.x, solution.rowDual, solution.colDual);
      const scale = 1 + Math.abs(c.primal);
      dualityGap = Math.abs(c.primal - c.dual) / scale;
      if (!(dualityGap <= OPTIMALITY_TOLERANCE && c.stationarity <= OPTIMALITY_TOLERANCE * scale && c.unboundedDual <= OPTIMALITY_TOLERANCE)) {
        rejected.push({
          backend: solver.name,
          reason: `answer not certified optimal: duality gap ${dualityGap.toExponential(2)}, stationarity residual ${c.stationarity.toExponential(2)}, dual on an infinite bound ${c.unboundedDual.toExponential(2)}`
        });
        continue;
      }
    }
    return { weights, objective: (solution.objective ?? NaN) + lp.objectiveOffset, backend: solver.name, solveMs: totalMs, dualityGap, rejected };
  }
  if (infeasibleBy !== void 0) {
    const conflicting = options.diagnose === false ? [] : await diagnoseInfeasible(problem, infeasibleBy);
    throw new OptimizerError(
      "infeasible",
      `no weights satisfy every limit (${infeasibleBy.name}, ${n} assets); ${options.diagnose === false ? "not diagnosed" : conflicting.length > 0 ? `these limits conflict: ${conflicting.map((f) => describeFamily(problem, f)).join("; ")}` : "no conflicting set found"}`,
      conflicting
    );
  }
  throw new OptimizerError("no-valid-answer", `no backend returned weights that pass the checks: ${rejected.map((r) => `${r.backend}: ${r.reason}`).join("; ")}`);
}

// src/optimize/hedge.ts
var TIE_BREAK_COST = 1e-6;
async function hedgePortfolio(input, solvers) {
  const n = input.assets.length;
  const isInstrument = new Uint8Array(n);
  for (const id of input.instruments) {
    const i = input.assets.indexOf(id);
    if (i < 0) throw new OptimizerError("invalid-problem", `hedge instrument '${id}' is not an asset of the market`);
    isInstrument[i] = 1;
  }
  const members = [];
  for (let i = 0; i < n; i++) if (isInstrument[i] === 1 || input.book[i] !== 0) members.push(i);
  for (const { name, exposures } of input.exposures) {
    for (const i of members) {
      if (!Number.isFinite(exposures[i])) {
        throw new OptimizerError("invalid-problem", `${input.assets[i]} has no '${name}' exposure (${exposures[i]}) but is ${isInstrument[i] === 1 ? "a hedge instrument" : "held"}; hedge with fitted assets only`);
      }
    }
  }
  const pick = (v) => Float64Array.from(members, (i) => v[i]);
  const book = pick(input.book);
  const cap = input.maxAbsWeight;
  const cost = Float64Array.from(members, (i) => Math.max(TIE_BREAK_COST, typeof input.costPerUnitTraded === "number" ? input.costPerUnitTraded : input.costPerUnitTraded[i]));
  const problem = {
    assets: members.map((i) => input.assets[i]),
    alpha: new Float64Array(members.length),
    current: book,
    neutral: input.exposures.map(({ name, exposures }) => ({ name, exposures: pick(exposures), band: input.band })),
    gross: book.reduce((s, w) => s + Math.abs(w), 0) + cap * input.instruments.length,
    minWeight: book.map((w, j) => isInstrument[members[j]] === 1 ? w - cap : -Infinity),
    maxWeight: book.map((w, j) => isInstrument[members[j]] === 1 ? w + cap : Infinity),
    frozen: Uint8Array.from(members, (i) => 1 - isInstrument[i]),
    longOnly: false,
    costPerUnitTraded: cost
  };
  const result = await optimizePortfolio(problem, solvers);
  const weights = input.book.slice();
  const hedge = new Float64Array(n);
  members.forEach((i, j) => {
    const h = result.weights[j] - book[j];
    if (Math.abs(h) > 1e-12) {
      hedge[i] = h;
      weights[i] = result.weights[j];
    }
  });
  const exposure = (w) => Float64Array.from(input.exposures, ({ exposures }) => members.reduce((s, i) => s + exposures[i] * w[i], 0));
  let tradeCost = 0;
  for (let i = 0; i < n; i++) tradeCost += Math.abs(hedge[i]) * (typeof input.costPerUnitTraded === "number" ? input.costPerUnitTraded : input.costPerUnitTraded[i]);
  return { weights, hedge, exposuresBefore: exposure(input.book), exposuresAfter: exposure(weights), cost: tradeCost, backend: result.backend };
}

// src/engine/portfolio-policies.ts
var RELAX_ORDER = ["turnover", "max-trade", "tilts", "groups", "neutrality"];
function familiesIn(step, families) {
  switch (step) {
    case "turnover":
    case "max-trade":
      return families.filter((f) => f === step);
    case "tilts":
      return families.filter((f) => f.startsWith("neutral[tilt:"));
    case "groups":
      return families.filter((f) => f.startsWith("group["));
    default:
      return families.filter((f) => f.startsWith("neutral["));
  }
}
async function solveWithPolicy(problem, solvers, policy) {
  const diagnose = policy !== "relax";
  try {
    return { result: await optimizePortfolio(problem, solvers, { diagnose }), relaxed: [] };
  } catch (err) {
    if (!(err instanceof OptimizerError) || err.code !== "infeasible" || policy !== "relax") throw err;
    let relaxedProblem = problem;
    const relaxed = [];
    for (const step of RELAX_ORDER) {
      const families = familiesIn(step, familiesOf(relaxedProblem));
      if (families.length === 0) continue;
      relaxedProblem = families.reduce(withoutFamily, relaxedProblem);
      relaxed.push(...families);
      try {
        return { result: await optimizePortfolio(relaxedProblem, solvers, { diagnose: false }), relaxed };
      } catch (inner) {
        if (!(inner instanceof OptimizerError) || inner.code !== "infeasible") throw inner;
      }
    }
    try {
      return { result: await optimizePortfolio(relaxedProblem, solvers), relaxed };
    } catch (final) {
      if (!(final instanceof OptimizerError)) throw final;
      throw relaxed.length === 0 ? final : new OptimizerError(final.code, `${final.message}, even after relaxing ${relaxed.join(", ")}`, final.constraints);
    }
  }
}
function targetVolatility(problem, universe, targets, model, annualTarget, barsPerYear2) {
  const predicted = Math.sqrt(predictedVariance(model, targets) * barsPerYear2);
  if (!(predicted > 0)) return { scale: 1, targets, note: `predicted volatility is ${predicted}; the book was not scaled` };
  const wanted = annualTarget / predicted;
  const sub = Float64Array.from(universe, (i) => targets[i]);
  const ok = (s) => checkPortfolio(problem, sub.map((w) => w * s)).length === 0;
  let scale = wanted;
  if (!ok(wanted)) {
    let good = 1;
    let bad = wanted;
    for (let k = 0; k < 50; k++) {
      const mid = (good + bad) / 2;
      if (ok(mid)) good = mid;
      else bad = mid;
    }
    scale = good;
  }
  const scaled = targets.map((w) => w * scale);
  const reached = predicted * scale;
  const note = Math.abs(scale - wanted) > 1e-9 ? `volatility target ${(100 * annualTarget).toFixed(1)}% needs \xD7${wanted.toFixed(3)}; the limits allow \xD7${scale.toFixed(3)} (predicted ${(100 * reached).toFixed(1)}%)` : void 0;
  return { scale, targets: scaled, ...note === void 0 ? {} : { note } };
}
async function hedgeOverlay(settings, assets, targets, model, costRates, solvers) {
  try {
    const K = model.factors.length;
    const exposures = settings.factors.map((name) => {
      const k = model.factors.indexOf(name);
      if (k < 0) throw new OptimizerError("invalid-problem", `hedge factor '${name}' is not a model factor (${model.factors.join(", ")})`);
      return { name, exposures: Float64Array.from(assets, (_, i) => model.loadings[i * K + k]) };
    });
    const hedged = await hedgePortfolio({ assets, book: targets, instruments: settings.instruments, exposures, band: settings.band ?? 0, maxAbsWeight: settings.maxAbsWeight ?? 1, costPerUnitTraded: costRates }, solvers);
    const trades = Array.from(hedged.hedge).flatMap((h, i) => h !== 0 ? [`${assets[i]} ${h >= 0 ? "+" : ""}${h.toFixed(4)}`] : []);
    return { targets: hedged.weights, event: { kind: "hedge", detail: `hedged ${settings.factors.join(", ")} with ${trades.join(", ") || "no trade"}` } };
  } catch (err) {
    if (!(err instanceof OptimizerError)) throw err;
    return { event: { kind: "hedge-failed", detail: `${err.message}; the book is traded unhedged` } };
  }
}

// src/engine/strategy-problem.ts
function exposureNeeds(strategy, model) {
  const p = strategy.portfolio;
  const raw = [.../* @__PURE__ */ new Set([...p.neutral ?? [], ...Object.keys(p.tilts ?? {}), ...p.objective === "min-exposure" ? p.minimize ?? [] : []])];
  const names = [.../* @__PURE__ */ new Set([...p.neutralToModel ?? [], ...Object.keys(p.tiltsToModel ?? {}), ...p.objective === "min-exposure" ? p.minimizeModel ?? [] : []])];
  return { raw, model: names.map((f) => model.factors.indexOf(f)).filter((k) => k >= 0) };
}
function buildStrategyProblem(input) {
  const { strategy, universe, model, current } = input;
  const p = strategy.portfolio;
  const limits = p.limits;
  const longOnly = p.longOnly ?? false;
  const band = p.neutralBand ?? 0;
  const K = model.factors.length;
  const pick = (v, stride = 1, offset = 0) => {
    const out = new Float64Array(universe.length);
    for (let j = 0; j < universe.length; j++) out[j] = v[universe[j] * stride + offset];
    return out;
  };
  const raw = (key) => pick(input.exposures.get(key));
  const loadings = (factor) => pick(model.loadings, K, model.factors.indexOf(factor));
  const tilt = (name, exposures, t) => ({ name, exposures, target: t.target, band: t.band ?? 0 });
  const neutral = [
    ...(p.neutral ?? []).map((f) => ({ name: f, exposures: raw(f), band })),
    ...(p.neutralToModel ?? []).map((f) => ({ name: `model:${f}`, exposures: loadings(f), band })),
    ...Object.entries(p.tilts ?? {}).flatMap(([f, t]) => t === void 0 ? [] : [tilt(`tilt:${f}`, raw(f), t)]),
    ...Object.entries(p.tiltsToModel ?? {}).map(([f, t]) => tilt(`tilt:model:${f}`, loadings(f), t))
  ];
  const bookIsEmpty = current.every((w) => w === 0);
  const maxTradeAdv = limits.maxTradeAdv;
  const adv = input.meanDollarVolume;
  const groups = [];
  if (p.groups !== void 0 && input.groupLabels !== void 0) {
    const byLabel = /* @__PURE__ */ new Map();
    universe.forEach((i, j) => {
      const label = input.groupLabels[i];
      if (label === "") return;
      byLabel.set(label, [...byLabel.get(label) ?? [], j]);
    });
    for (const [name, members] of byLabel) {
      groups.push({
        name,
        members,
        ...p.groups.minNet === void 0 ? {} : { minNet: p.groups.minNet },
        ...p.groups.maxNet === void 0 ? {} : { maxNet: p.groups.maxNet },
        ...p.groups.maxGross === void 0 ? {} : { maxGross: p.groups.maxGross }
      });
    }
  }
  return {
    assets: universe.map((i) => model.assets[i]),
    objective: p.objective,
    alpha: p.objective === "max-alpha" ? pick(input.signal) : new Float64Array(universe.length),
    ...p.objective === "min-distance" ? { target: pick(input.signal) } : {},
    ...p.objective === "min-exposure" ? { minimize: [...(p.minimize ?? []).map((f) => ({ name: f, exposures: raw(f) })), ...(p.minimizeModel ?? []).map((f) => ({ name: `model:${f}`, exposures: loadings(f) }))] } : {},
    current: pick(current),
    neutral,
    net: limits.net ?? (longOnly ? 1 : 0),
    netBand: limits.netBand,
    gross: limits.gross,
    maxAbsWeight: limits.maxAbsWeight,
    minWeight: limits.minWeight === void 0 ? void 0 : new Float64Array(universe.length).fill(limits.minWeight),
    maxWeight: limits.maxWeight === void 0 ? void 0 : new Float64Array(universe.length).fill(limits.maxWeight),
    longOnly,
    groups: groups.length > 0 ? groups : void 0,
    maxTurnover: bookIsEmpty ? void 0 : limits.maxTurnover,
    maxTrade: maxTradeAdv === void 0 || adv === void 0 ? void 0 : Float64Array.from(universe, (i) => Number.isFinite(adv[i]) ? maxTradeAdv * adv[i] / input.nav : 0),
    costPerUnitTraded: pick(input.costRates)
  };
}

// src/engine/decide.ts
function costRate(strategy) {
  return ((strategy.costs?.commissionBps ?? 0) + (strategy.costs?.halfSpreadBps ?? 0)) * BPS;
}
var DOLLAR_VOLUME_BARS = 30;
async function decide(input) {
  const { strategy, history, model, current, firstValid, solvers } = input;
  const assets = history.assets;
  const n = assets.length;
  const t = history.length - 1;
  const where = `strategy '${strategy.name}'`;
  const exposures = /* @__PURE__ */ new Map();
  for (const [key, def] of Object.entries(strategy.factors)) {
    try {
      exposures.set(key, def.compute(history));
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      throw new StrategyError("factor-failed", where, `factors.${key}`, `failed on ${history.asOf}: ${err.message}`);
    }
  }
  const params = input.params ?? Object.fromEntries(Object.entries(strategy.params ?? {}).map(([k, v]) => [k, v[0]]));
  const ctx = {
    asOf: history.asOf,
    assets,
    history,
    model,
    params,
    exposure: (name) => {
      const e = exposures.get(name);
      if (e === void 0) throw new StrategyError("unknown-exposure", where, "signal", `asked ctx.exposure('${name}'), not one of the strategy's factors (${[...exposures.keys()].join(", ")})`);
      return e.slice();
    }
  };
  const signal = strategy.signal(ctx);
  if (!(signal instanceof Float64Array) || signal.length !== n) {
    throw new StrategyError("bad-signal", where, "signal", `returned ${signal instanceof Float64Array ? `${signal.length} values` : typeof signal} on ${history.asOf}; expected a Float64Array with one value per asset (${n})`);
  }
  const extraBps = strategy.costs?.perAssetBps?.(ctx);
  if (extraBps !== void 0 && (!(extraBps instanceof Float64Array) || extraBps.length !== n || extraBps.some((x) => !(x >= 0)))) {
    throw new StrategyError("bad-costs", where, "costs.perAssetBps", `must return a Float64Array of ${n} non-negative bps on ${history.asOf}`);
  }
  const costRates = new Float64Array(n).fill(costRate(strategy));
  if (extraBps !== void 0) for (let i = 0; i < n; i++) costRates[i] += extraBps[i] * BPS;
  const groupLabels = strategy.portfolio.groups?.of(ctx);
  if (groupLabels !== void 0 && groupLabels.length !== n) {
    throw new StrategyError("bad-groups", where, "portfolio.groups.of", `returned ${groupLabels.length} labels on ${history.asOf}; expected one per asset (${n})`);
  }
  const needs = exposureNeeds(strategy, model);
  const close = history.latest("close");
  const minHistory = strategy.universe?.minHistoryDays ?? strategy.model.windowDays;
  const minDollarVolume = strategy.universe?.minMedianDollarVolume;
  const needVolume = minDollarVolume !== void 0 || strategy.portfolio.limits.maxTradeAdv !== void 0;
  const volume = needVolume ? dollarVolumeStats(history) : void 0;
  const K = model.factors.length;
  const universe = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(close[i]) || firstValid[i] < 0 || t - firstValid[i] < minHistory) continue;
    if (!isFitted(model, i) || !Number.isFinite(signal[i])) continue;
    if (minDollarVolume !== void 0 && !(volume.median[i] >= minDollarVolume)) continue;
    if (needs.raw.some((f) => !Number.isFinite(exposures.get(f)[i]))) continue;
    if (needs.model.some((k) => !Number.isFinite(model.loadings[i * K + k]))) continue;
    universe.push(i);
  }
  const skipped = (detail) => ({
    targets: void 0,
    signal,
    costRates,
    optimiseMs: 0,
    record: emptyRecord("skipped", universe.length),
    events: [{ kind: "rebalance-skipped", detail }]
  });
  const constraintCount = needs.raw.length + needs.model.length;
  if (universe.length < 2 + constraintCount) return skipped(`universe has ${universe.length} assets, too few for ${constraintCount} exposure constraints`);
  const problem = buildStrategyProblem({
    strategy,
    universe,
    signal,
    exposures,
    model,
    current,
    nav: input.nav,
    costRates,
    ...volume === void 0 ? {} : { meanDollarVolume: volume.mean },
    ...groupLabels === void 0 ? {} : { groupLabels }
  });
  const events = [];
  const optimiseStarted = performance.now();
  let solved;
  try {
    solved = await solveWithPolicy(problem, solvers, strategy.portfolio.onInfeasible ?? "hold");
  } catch (err) {
    if (!(err instanceof OptimizerError) || strategy.portfolio.onInfeasible === "stop") throw err;
    const status = err.code === "infeasible" ? "infeasible" : "failed";
    return {
      targets: void 0,
      signal,
      costRates,
      events: [{ kind: `rebalance-${status}`, detail: `${err.message}; kept the current book (onInfeasible: ${strategy.portfolio.onInfeasible ?? "hold"})` }],
      record: emptyRecord(status, universe.length),
      optimiseMs: performance.now() - optimiseStarted
    };
  }
  const { result, relaxed } = solved;
  for (const r of result.rejected) events.push({ kind: "solver-fallback", detail: `${r.backend}: ${r.reason}; used ${result.backend}` });
  if (relaxed.length > 0) events.push({ kind: "rebalance-relaxed", detail: `infeasible as set; relaxed ${relaxed.join(", ")} (onInfeasible: relax)` });
  const targets = new Float64Array(n);
  universe.forEach((i, j) => targets[i] = Math.abs(result.weights[j]) < 1e-12 ? 0 : result.weights[j]);
  let volScale = 1;
  if (strategy.portfolio.targetVolatility !== void 0) {
    const scaled = targetVolatility(problem, universe, targets, model, strategy.portfolio.targetVolatility, input.barsPerYear);
    volScale = scaled.scale;
    if (scaled.note !== void 0) events.push({ kind: "vol-target-limited", detail: scaled.note });
    targets.set(scaled.targets);
  }
  if (strategy.portfolio.hedge !== void 0) {
    const hedged = await hedgeOverlay(strategy.portfolio.hedge, assets, targets, model, costRates, solvers);
    events.push(hedged.event);
    if (hedged.targets !== void 0) targets.set(hedged.targets);
  }
  const optimiseMs = performance.now() - optimiseStarted;
  let planned = 0;
  for (let i = 0; i < n; i++) planned += Math.abs(targets[i] - current[i]);
  return {
    targets,
    signal,
    costRates,
    events,
    optimiseMs,
    record: {
      status: relaxed.length > 0 ? "relaxed" : "optimal",
      backend: result.backend,
      solveMs: result.solveMs,
      objective: result.objective,
      universe: universe.length,
      plannedTurnover: planned,
      predictedVol: Math.sqrt(predictedVariance(model, targets)),
      relaxed,
      volScale,
      dualityGap: result.dualityGap,
      targets: assets.flatMap((asset, i) => targets[i] !== 0 ? [{ asset, weight: targets[i] }] : [])
    }
  };
}
function emptyRecord(status, universe) {
  return { status, backend: null, solveMs: 0, objective: NaN, universe, plannedTurnover: 0, predictedVol: NaN, relaxed: [], volScale: 1, dualityGap: NaN, targets: [] };
}
function dollarVolumeStats(history) {
  const n = history.assets.length;
  const close = history.window("close", DOLLAR_VOLUME_BARS);
  const volume = history.hasField("volume") ? history.window("volume", DOLLAR_VOLUME_BARS) : new Float64Array(close.length).fill(NaN);
  const median2 = new Float64Array(n);
  const mean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const values2 = [];
    for (let s = 0; s < DOLLAR_VOLUME_BARS; s++) {
      const v = close[s * n + i] * volume[s * n + i];
      if (Number.isFinite(v)) values2.push(v);
    }
    const m = values2.length;
    median2[i] = m === 0 ? NaN : quantileSorted(Float64Array.from(values2).sort(), 0.5);
    mean[i] = m === 0 ? NaN : values2.reduce((a, b) => a + b, 0) / m;
  }
  return { median: median2, mean };
}

// src/engine/ledger.ts
var Ledger = class {
  positions;
  cash;
  constructor(assets, initialNav) {
    this.positions = new Float64Array(assets);
    this.cash = initialNav;
  }
  get nav() {
    let v = this.cash;
    for (const p of this.positions) v += p;
    return v;
  }
  /** Positions as fractions of `nav`. */
  weights(nav) {
    const w = new Float64Array(this.positions.length);
    for (let i = 0; i < w.length; i++) w[i] = this.positions[i] / nav;
    return w;
  }
  /** Whether any position is open. */
  get holdsPositions() {
    for (let i = 0; i < this.positions.length; i++) if (this.positions[i] !== 0) return true;
    return false;
  }
  /** Apply one bar of returns (`NaN` = no price: the position is unchanged); returns the P&L. */
  markToMarket(returns) {
    let pnl = 0;
    for (let i = 0; i < this.positions.length; i++) {
      const p = this.positions[i];
      if (p === 0 || Number.isNaN(returns[i])) continue;
      const change = p * returns[i];
      pnl += change;
      this.positions[i] = p + change;
    }
    return pnl;
  }
  /** Close a position into cash at its current value, at no cost. */
  liquidate(i) {
    const value = this.positions[i];
    this.cash += value;
    this.positions[i] = 0;
    return value;
  }
  /**
   * Trade towards target weights of the current NAV where `tradable[i]` is set,
   * paying `costRate` per unit of value traded. Returns the trades and their cost.
   */
  rebalance(assets, targetWeights, tradable, costRate2) {
    const nav = this.nav;
    const trades = [];
    let cost = 0;
    let traded = 0;
    for (let i = 0; i < this.positions.length; i++) {
      if (!tradable[i]) continue;
      const value = targetWeights[i] * nav - this.positions[i];
      if (value === 0) continue;
      const tradeCost = Math.abs(value) * (typeof costRate2 === "number" ? costRate2 : costRate2[i]);
      this.positions[i] += value;
      this.cash -= value + tradeCost;
      cost += tradeCost;
      traded += Math.abs(value);
      trades.push({ asset: assets[i], weight: value / nav, cost: tradeCost, reason: "rebalance" });
    }
    return { trades, cost, turnover: nav > 0 ? traded / nav : 0 };
  }
};

// src/factors/market-return.ts
function capWeightedMean(rets, caps, n, row, capRow) {
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const r = rets[row + i];
    if (Number.isNaN(r)) continue;
    const w = caps === void 0 ? 1 : caps[capRow + i];
    if (!(w > 0)) continue;
    num += w * r;
    den += w;
  }
  return den > 0 ? num / den : NaN;
}

// src/model/fit-cross-section.ts
import { CholeskyDecomposition, Matrix as Matrix2 } from "ml-matrix";

// src/model/factor-covariance.ts
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
var AUTO_SHRINK_BARS_PER_FACTOR = 20;
function estimateFactorCovariance(f, K, settings = {}) {
  const method = settings.method ?? "sample";
  const rows = completeRows(f, K);
  const T = rows.length / K;
  const cov = new Float64Array(K * K);
  if (method === "ewma") {
    const halfLife = settings.halfLifeDays ?? Math.max(1, T / 4);
    if (!(halfLife > 0)) throw new RangeError(`risk.halfLifeDays (${halfLife}) must be positive`);
    const w = Float64Array.from({ length: T }, (_, t) => 2 ** (-(T - 1 - t) / halfLife));
    const total = w.reduce((a, b) => a + b, 0);
    let sumSq = 0;
    for (let t = 0; t < T; t++) {
      w[t] /= total;
      sumSq += w[t] * w[t];
    }
    const mean = weightedMean(rows, K, w);
    for (let t = 0; t < T; t++) addOuter(cov, rows, K, t, t, mean, w[t] / (1 - sumSq));
  } else {
    const mean = weightedMean(rows, K, new Float64Array(T).fill(1 / T));
    if (method === "sample") {
      for (let t = 0; t < T; t++) addOuter(cov, rows, K, t, t, mean, 1 / (T - 1));
    } else {
      const L = Math.min(settings.neweyWestLags ?? defaultNeweyWestLags(T), T - 1);
      for (let t = 0; t < T; t++) addOuter(cov, rows, K, t, t, mean, 1 / T);
      for (let l = 1; l <= L; l++) {
        const weight = (1 - l / (L + 1)) / T;
        for (let t = l; t < T; t++) {
          addOuter(cov, rows, K, t, t - l, mean, weight);
          addOuter(cov, rows, K, t - l, t, mean, weight);
        }
      }
    }
  }
  const mode = settings.shrinkage ?? "auto";
  const shrink = mode === "ledoit-wolf" || mode === "auto" && T < AUTO_SHRINK_BARS_PER_FACTOR * K;
  const intensity = shrink && K > 1 ? ledoitWolfIntensity(standardizeColumns(rows, K), K) : 0;
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) if (a !== b) cov[a * K + b] *= 1 - intensity;
  return { covariance: cov, method, shrinkage: intensity, rows: T };
}
function ledoitWolfIntensity(x, K) {
  const T = x.length / K;
  const s = new Float64Array(K * K);
  for (let t = 0; t < T; t++) for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) s[a * K + b] += x[t * K + a] * x[t * K + b] / T;
  let m = 0;
  for (let a = 0; a < K; a++) m += s[a * K + a] / K;
  let d2 = 0;
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) d2 += (s[a * K + b] - (a === b ? m : 0)) ** 2;
  let b2 = 0;
  for (let t = 0; t < T; t++) {
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) b2 += (x[t * K + a] * x[t * K + b] - s[a * K + b]) ** 2;
  }
  b2 /= T * T;
  return d2 > 0 ? Math.min(b2, d2) / d2 : 1;
}
function conditionIndex(cov, K) {
  if (K === 1) return 1;
  const corr = new Matrix(K, K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) corr.set(a, b, cov[a * K + b] / Math.sqrt(cov[a * K + a] * cov[b * K + b]));
  const eig = new EigenvalueDecomposition(corr, { assumeSymmetric: true }).realEigenvalues;
  const max = Math.max(...eig);
  const min = Math.min(...eig);
  return min > 0 ? Math.sqrt(max / min) : Infinity;
}
function completeRows(f, K) {
  const T = f.length / K;
  const out = [];
  for (let t = 0; t < T; t++) {
    const row = f.subarray(t * K, (t + 1) * K);
    if (row.every((v) => Number.isFinite(v))) out.push(...row);
  }
  return Float64Array.from(out);
}
function weightedMean(rows, K, w) {
  const mean = new Float64Array(K);
  for (let t = 0; t < w.length; t++) for (let k = 0; k < K; k++) mean[k] += w[t] * rows[t * K + k];
  return mean;
}
function addOuter(cov, rows, K, t, u, mean, scale) {
  for (let a = 0; a < K; a++) {
    const da = (rows[t * K + a] - mean[a]) * scale;
    for (let b = 0; b < K; b++) cov[a * K + b] += da * (rows[u * K + b] - mean[b]);
  }
}
function standardizeColumns(rows, K) {
  const T = rows.length / K;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < K; k++) {
    let mean = 0;
    for (let t = 0; t < T; t++) mean += rows[t * K + k] / T;
    let ss = 0;
    for (let t = 0; t < T; t++) ss += (rows[t * K + k] - mean) ** 2;
    const sd = Math.sqrt(ss / T);
    for (let t = 0; t < T; t++) out[t * K + k] = sd > 0 ? (rows[t * K + k] - mean) / sd : 0;
  }
  return out;
}

// src/model/finish-model.ts
var COLLINEARITY_WARNING_INDEX = 30;
function finishModel(raw, risk = {}) {
  const K = raw.factors.length;
  const estimate = estimateFactorCovariance(raw.factorReturns, K, risk);
  const fitted = raw.residualVariance.filter((v) => Number.isFinite(v)).sort();
  const floor = risk.specificVarianceFloor ?? (fitted.length > 0 ? 0.1 * quantileSorted(fitted, 0.5) : 0);
  if (!(floor >= 0)) throw new RangeError(`risk.specificVarianceFloor (${floor}) must be >= 0`);
  let floored = 0;
  const specificVariance = raw.residualVariance.map((v) => {
    if (!Number.isFinite(v) || v >= floor) return v;
    floored++;
    return floor;
  });
  const regressors = raw.regressorCovariance ?? { matrix: estimateFactorCovariance(raw.factorReturns, K, { shrinkage: "none" }).covariance, size: K };
  const index = conditionIndex(regressors.matrix, regressors.size);
  const warnings = [...raw.warnings];
  if (index > COLLINEARITY_WARNING_INDEX) warnings.push(`collinearity: condition index ${index.toFixed(1)} > ${COLLINEARITY_WARNING_INDEX} among ${raw.factors.join(", ")}`);
  const { residualVariance: _raw, regressorCovariance: _regressors, ...fit } = raw;
  return {
    ...fit,
    specificVariance,
    factorCovariance: estimate.covariance,
    risk: { covarianceMethod: estimate.method, shrinkage: estimate.shrinkage, specificVarianceFloor: floor, flooredAssets: floored, conditionIndex: index },
    warnings
  };
}

// src/model/fit-cross-section.ts
var INTERCEPT_FACTOR = "market";
function fitCrossSection(input) {
  const { asOf, dates, assets, returns, exposures } = input;
  const T = dates.length;
  const N = assets.length;
  const styles = input.factors;
  const K = styles.length;
  const P = K + 1;
  const h = input.horizonBars ?? 1;
  if (!(Number.isInteger(h) && h >= 1 && h < T)) throw new RangeError(`model.horizonDays (${h}) must be an integer in [1, window)`);
  const factorNames = [INTERCEPT_FACTOR, ...styles];
  const factorReturns = new Float64Array((T - 1) * P).fill(NaN);
  const horizonReturns = new Float64Array((T - 1) * P).fill(NaN);
  const ic = Array.from({ length: K }, () => new Float64Array(T - 1).fill(NaN));
  const residual = new Float64Array(T * N).fill(NaN);
  const forward = new Float64Array(N);
  let dropped = 0;
  let last;
  for (let s = 0; s < T - 1; s++) {
    const X = exposures[s];
    if (X === void 0) {
      dropped++;
      continue;
    }
    const hasHorizon = s + h <= T - 1;
    const key = `${dates[s]}|${h}`;
    let bar = hasHorizon ? input.cache?.get(key) : void 0;
    if (bar === void 0) {
      for (let i = 0; i < N; i++) forward[i] = hasHorizon ? compound(returns, N, i, s + 1, s + h) : NaN;
      const weights = input.weights?.subarray(s * N, (s + 1) * N);
      const y = returns.subarray((s + 1) * N, (s + 2) * N);
      const regression = regressBar(X, y, weights, K);
      if (regression === void 0) {
        dropped++;
        continue;
      }
      if (regression === "singular") throw singular(X, membersOf(X, y, weights, K), styles, dates[s]);
      const horizon = !hasHorizon ? void 0 : h === 1 ? regression : regressBar(X, forward, weights, K);
      let barIc;
      if (horizon !== void 0 && horizon !== "singular") {
        const forwardRanks = averageRanks(Float64Array.from(horizon.members, (i) => forward[i]));
        barIc = Float64Array.from({ length: K }, (_, k) => pearson(averageRanks(Float64Array.from(horizon.members, (i) => X[i * K + k])), forwardRanks));
      }
      bar = {
        members: regression.members,
        factorReturns: regression.coefficients,
        residuals: regression.residuals,
        ...horizon === void 0 || horizon === "singular" || barIc === void 0 ? {} : { horizonReturns: horizon.coefficients, ic: barIc }
      };
      if (hasHorizon) input.cache?.set(key, bar);
    }
    for (let a = 0; a < P; a++) factorReturns[s * P + a] = bar.factorReturns[a];
    if (bar.horizonReturns !== void 0 && bar.ic !== void 0) {
      for (let a = 0; a < P; a++) horizonReturns[s * P + a] = bar.horizonReturns[a];
      for (let k = 0; k < K; k++) ic[k][s] = bar.ic[k];
    }
    bar.members.forEach((i, j) => residual[(s + 1) * N + i] = bar.residuals[j]);
    last = { s, members: bar.members };
  }
  const usable = T - 1 - dropped;
  if (usable < P + 1 || last === void 0) {
    throw new ModelError("too-few-cross-sections", `${asOf}: only ${usable} of ${T - 1} cross-sections in the window could be regressed on ${styles.join(", ")}; need ${P + 1}`);
  }
  const latest = exposures[T - 1];
  const loadings = new Float64Array(N * P).fill(NaN);
  const residualVariance = new Float64Array(N).fill(NaN);
  const rSquared = new Float64Array(N).fill(NaN);
  const observations = new Int32Array(N);
  let droppedAssets = 0;
  for (let i = 0; i < N; i++) {
    let count = 0;
    let ss = 0;
    let sy = 0;
    let syy = 0;
    for (let t = 1; t < T; t++) {
      const e = residual[t * N + i];
      if (Number.isNaN(e)) continue;
      const y = returns[t * N + i];
      count++;
      ss += e * e;
      sy += y;
      syy += y * y;
    }
    const exposed = latest !== void 0 && Array.from({ length: K }, (_, k) => latest[i * K + k]).every((v) => Number.isFinite(v));
    if (count < Math.max(2, input.minObservations) || !exposed) {
      if (count > 0) droppedAssets++;
      continue;
    }
    loadings[i * P] = 1;
    for (let k = 0; k < K; k++) loadings[i * P + k + 1] = latest[i * K + k];
    residualVariance[i] = ss / (count - 1);
    const tss = syy - sy * sy / count;
    rSquared[i] = tss > 0 ? 1 - ss / tss : 0;
    observations[i] = count;
  }
  const lags = input.neweyWestLags ?? defaultNeweyWestLags(usable, h);
  if (lags < h - 1) throw new RangeError(`model.neweyWestLags (${lags}) must be at least horizonDays \u2212 1 (${h - 1}): overlapping returns are autocorrelated that far`);
  const factorStats = factorNames.map((name, a) => {
    const fm = neweyWestMean(column(horizonReturns, P, a), lags);
    const icTest = a === 0 ? void 0 : neweyWestMean(ic[a - 1], lags);
    return { factor: name, meanReturn: fm.mean / h, tStat: fm.tStat, lags: fm.lags, medianAbsLoadingT: NaN, ic: icTest?.mean ?? NaN, icTStat: icTest?.tStat ?? NaN };
  });
  const warnings = [];
  if (dropped > 0) warnings.push(`${dropped} cross-section(s) with fewer than ${P + 1} complete assets left out`);
  if (droppedAssets > 0) warnings.push(`${droppedAssets} asset(s) without exposures on ${asOf} or enough residuals left out`);
  return finishModel(
    {
      asOf,
      kind: "cross-sectional",
      assets,
      factors: factorNames,
      windowStart: dates[0],
      windowEnd: dates[T - 1],
      loadings,
      alpha: new Float64Array(N).map((_, i) => observations[i] > 0 ? 0 : NaN),
      residualVariance,
      rSquared,
      observations,
      factorReturns,
      factorReturnDates: dates.slice(1),
      factorStats,
      regressorCovariance: { matrix: weightedCovariance(exposures[last.s], last.members, K, input.weights?.subarray(last.s * N, (last.s + 1) * N)), size: K },
      droppedAssets,
      droppedDates: dropped,
      warnings
    },
    input.risk
  );
}
function membersOf(X, y, weights, K) {
  const out = [];
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]) || !((weights === void 0 ? 1 : weights[i]) > 0)) continue;
    let ok = true;
    for (let k = 0; k < K; k++) if (!Number.isFinite(X[i * K + k])) ok = false;
    if (ok) out.push(i);
  }
  return Int32Array.from(out);
}
function regressBar(X, y, weights, K) {
  const P = K + 1;
  const members = membersOf(X, y, weights, K);
  if (members.length < P + 1) return void 0;
  const xtx = new Float64Array(P * P);
  const xty = new Float64Array(P);
  const row = new Float64Array(P);
  for (const i of members) {
    const w = weights === void 0 ? 1 : weights[i];
    row[0] = 1;
    for (let k = 0; k < K; k++) row[k + 1] = X[i * K + k];
    for (let a = 0; a < P; a++) {
      const wxa = w * row[a];
      xty[a] += wxa * y[i];
      for (let b = 0; b <= a; b++) xtx[a * P + b] += wxa * row[b];
    }
  }
  const m = new Matrix2(P, P);
  for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) {
    m.set(a, b, xtx[a * P + b]);
    m.set(b, a, xtx[a * P + b]);
  }
  const chol = new CholeskyDecomposition(m);
  if (!chol.isPositiveDefinite() || minPivot(chol, m) < 1e-10) return "singular";
  const coefficients = Float64Array.from(chol.solve(Matrix2.columnVector(Array.from(xty))).to1DArray());
  const residuals = Float64Array.from(members, (i) => {
    let fitted = coefficients[0];
    for (let k = 0; k < K; k++) fitted += coefficients[k + 1] * X[i * K + k];
    return y[i] - fitted;
  });
  return { members, coefficients, residuals };
}
function compound(returns, N, i, from, to) {
  let g = 1;
  for (let t = from; t <= to; t++) g *= 1 + returns[t * N + i];
  return g - 1;
}
function column(rows, P, a) {
  return Float64Array.from({ length: rows.length / P }, (_, s) => rows[s * P + a]);
}
function minPivot(chol, m) {
  const L = chol.lowerTriangularMatrix;
  let min = Infinity;
  for (let a = 0; a < m.rows; a++) min = Math.min(min, L.get(a, a) ** 2 / m.get(a, a));
  return min;
}
function weightedCovariance(X, members, K, weights) {
  let sw = 0;
  const mean = new Float64Array(K);
  for (const i of members) {
    const w = weights === void 0 ? 1 : weights[i];
    sw += w;
    for (let k = 0; k < K; k++) mean[k] += w * X[i * K + k];
  }
  for (let k = 0; k < K; k++) mean[k] /= sw;
  const cov = new Float64Array(K * K);
  for (const i of members) {
    const w = (weights === void 0 ? 1 : weights[i]) / sw;
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) cov[a * K + b] += w * (X[i * K + a] - mean[a]) * (X[i * K + b] - mean[b]);
  }
  return cov;
}
function singular(X, members, styles, date) {
  const K = styles.length;
  const cov = weightedCovariance(X, members, K, void 0);
  for (let k = 0; k < K; k++) {
    if (!(cov[k * K + k] > 1e-14)) {
      return new ModelError("singular-exposures", `${date}: exposure '${styles[k]}' is the same for all ${members.length} assets, so it cannot be told apart from the market intercept; drop it or standardise it`);
    }
  }
  if (K < 2) return new ModelError("singular-exposures", `${date}: exposure '${styles[0]}' is almost the same for all ${members.length} assets; drop it or standardise it`);
  let worst = [0, 1];
  let best = -1;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < a; b++) {
      const r = Math.abs(cov[a * K + b]) / Math.sqrt(cov[a * K + a] * cov[b * K + b]);
      if (r > best) {
        best = r;
        worst = [a, b];
      }
    }
  }
  return new ModelError("singular-exposures", `${date}: exposures ${styles[worst[0]]} and ${styles[worst[1]]} are collinear across the ${members.length} assets (|\u03C1| = ${best.toFixed(4)}); drop or orthogonalise one`);
}

// src/model/fit-pca.ts
import { EigenvalueDecomposition as EigenvalueDecomposition2, Matrix as Matrix3 } from "ml-matrix";
function fitPca(input) {
  const { asOf, dates, assets, returns } = input;
  const T = dates.length;
  const N = assets.length;
  const members = [];
  const means = new Float64Array(N).fill(NaN);
  const counts = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let t = 0; t < T; t++) {
      const r = returns[t * N + i];
      if (!Number.isNaN(r)) {
        s += r;
        counts[i]++;
      }
    }
    if (counts[i] >= Math.max(3, input.minObservations)) {
      members.push(i);
      means[i] = s / counts[i];
    }
  }
  const M = members.length;
  const fixed = input.components;
  if (fixed !== void 0 && !(Number.isInteger(fixed) && fixed >= 1)) throw new RangeError(`model.components (${fixed}) must be a positive integer`);
  const maxComponents = Math.min(fixed ?? input.maxComponents ?? 10, M - 1, T - 1);
  if (M < 2 || maxComponents < 1 || fixed !== void 0 && fixed > maxComponents) {
    throw new ModelError("too-few-assets", `${asOf}: ${M} assets have ${input.minObservations} returns in the ${T}-bar window; ${fixed ?? 1} principal component(s) need more assets and bars than that`);
  }
  const X = new Matrix3(T, M);
  members.forEach((i, j) => {
    for (let t = 0; t < T; t++) {
      const r = returns[t * N + i];
      X.set(t, j, Number.isNaN(r) ? 0 : r - means[i]);
    }
  });
  const { values: values2, vectors } = topEigen(X, maxComponents);
  const total = totalVariance(X);
  const share = input.explainedVariance ?? 0.5;
  if (!(share > 0 && share <= 1)) throw new RangeError(`model.explainedVariance (${share}) must be in (0, 1]`);
  let K = fixed ?? 0;
  if (fixed === void 0) {
    let acc = 0;
    while (K < maxComponents && acc < share * total) acc += values2[K++];
  }
  const factors = Array.from({ length: K }, (_, k) => `pc${k + 1}`);
  const scale = Math.sqrt(M);
  const loadings = new Float64Array(N * K).fill(NaN);
  for (let k = 0; k < K; k++) {
    const sign = componentSign(vectors[k], members, input.previous, factors[k], assets);
    members.forEach((i, j) => loadings[i * K + k] = sign * vectors[k][j] * scale);
  }
  const offset = new Float64Array(K);
  for (let k = 0; k < K; k++) for (const i of members) offset[k] += means[i] * loadings[i * K + k] / M;
  const factorReturns = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) {
      let s = 0;
      members.forEach((i, j) => s += X.get(t, j) * loadings[i * K + k]);
      factorReturns[t * K + k] = s / M + offset[k];
    }
  }
  const residualVariance = new Float64Array(N).fill(NaN);
  const rSquared = new Float64Array(N).fill(NaN);
  const observations = new Int32Array(N);
  members.forEach((i, j) => {
    let rss = 0;
    let tss = 0;
    for (let t = 0; t < T; t++) {
      if (Number.isNaN(returns[t * N + i])) continue;
      const x = X.get(t, j);
      let fitted = 0;
      for (let k = 0; k < K; k++) fitted += loadings[i * K + k] * (factorReturns[t * K + k] - offset[k]);
      rss += (x - fitted) ** 2;
      tss += x * x;
    }
    residualVariance[i] = rss / Math.max(1, counts[i] - K - 1);
    rSquared[i] = tss > 0 ? 1 - rss / tss : 0;
    observations[i] = counts[i];
  });
  const alpha = new Float64Array(N).map((_, i) => observations[i] > 0 ? 0 : NaN);
  const lags = defaultNeweyWestLags(T);
  const factorStats = factors.map((name, k) => {
    const test = neweyWestMean(Float64Array.from({ length: T }, (_, t) => factorReturns[t * K + k]), lags);
    return { factor: name, meanReturn: test.mean, tStat: test.tStat, lags: test.lags, medianAbsLoadingT: NaN, ic: NaN, icTStat: NaN };
  });
  const dropped = counts.reduce((n, c, i) => c > 0 && Number.isNaN(means[i]) ? n + 1 : n, 0);
  const explained = values2.slice(0, K).reduce((a, b) => a + b, 0) / total;
  return finishModel(
    {
      asOf,
      kind: "statistical",
      assets,
      factors,
      windowStart: dates[0],
      windowEnd: dates[T - 1],
      loadings,
      alpha,
      residualVariance,
      rSquared,
      observations,
      factorReturns,
      factorReturnDates: dates,
      factorStats,
      droppedAssets: dropped,
      droppedDates: 0,
      warnings: [`${K} component(s) explain ${(100 * explained).toFixed(1)}% of the variance of ${M} assets`, ...dropped > 0 ? [`${dropped} asset(s) with fewer than ${input.minObservations} returns left out`] : []]
    },
    input.risk
  );
}
function topEigen(X, count) {
  const T = X.rows;
  const M = X.columns;
  const dual = T < M;
  const gram = dual ? X.mmul(X.transpose()) : X.transpose().mmul(X);
  const eig = new EigenvalueDecomposition2(gram, { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((v, j) => [v, j]).sort((a, b) => b[0] - a[0]).slice(0, count);
  const values2 = order.map(([v]) => Math.max(0, v) / (T - 1));
  const vectors = order.map(([v, j]) => {
    const u = eig.eigenvectorMatrix.getColumn(j);
    if (!dual) return Float64Array.from(u);
    const w = X.transpose().mmul(Matrix3.columnVector(u)).to1DArray();
    const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0)) || Math.sqrt(Math.max(v, 1e-300));
    return Float64Array.from(w, (x) => x / norm);
  });
  return { values: values2, vectors };
}
function totalVariance(X) {
  let s = 0;
  for (let t = 0; t < X.rows; t++) for (let j = 0; j < X.columns; j++) s += X.get(t, j) ** 2;
  return s / (X.rows - 1);
}
function componentSign(v, members, previous, name, assets) {
  let dot2 = 0;
  const k = previous?.factors.indexOf(name) ?? -1;
  if (previous !== void 0 && k >= 0 && previous.assets.length === assets.length && previous.assets.every((a, i) => a === assets[i])) {
    const K = previous.factors.length;
    members.forEach((i, j) => {
      const prev = previous.loadings[i * K + k];
      if (Number.isFinite(prev)) dot2 += prev * v[j];
    });
  }
  if (dot2 === 0) for (const x of v) dot2 += x;
  return dot2 < 0 ? -1 : 1;
}

// src/model/fit-time-series.ts
import { CholeskyDecomposition as CholeskyDecomposition2, Matrix as Matrix4 } from "ml-matrix";

// src/model/small-cholesky.ts
function factorCholesky(a, p, l) {
  let positiveDefinite = true;
  for (let j = 0; j < p; j++) {
    let d = 0;
    for (let k = 0; k < j; k++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += l[k * p + i] * l[j * p + i];
      s = (a[j * p + k] - s) / l[k * p + k];
      l[j * p + k] = s;
      d += s * s;
    }
    d = a[j * p + j] - d;
    positiveDefinite &&= d > 0;
    l[j * p + j] = Math.sqrt(Math.max(d, 0));
    for (let k = j + 1; k < p; k++) l[j * p + k] = 0;
  }
  return positiveDefinite;
}
function solveCholesky(l, p, b, offset = 0, stride = 1) {
  for (let k = 0; k < p; k++) {
    let v = b[offset + k * stride];
    for (let i = 0; i < k; i++) v -= b[offset + i * stride] * l[k * p + i];
    b[offset + k * stride] = v / l[k * p + k];
  }
  for (let k = p - 1; k >= 0; k--) {
    let v = b[offset + k * stride];
    for (let i = k + 1; i < p; i++) v -= b[offset + i * stride] * l[i * p + k];
    b[offset + k * stride] = v / l[k * p + k];
  }
}
function invertCholesky(l, p, out) {
  out.fill(0, 0, p * p);
  for (let c = 0; c < p; c++) {
    out[c * p + c] = 1;
    solveCholesky(l, p, out, c, p);
  }
}

// src/model/fit-time-series.ts
function fitTimeSeries(input) {
  const { dates, assets, returns, asOf } = input;
  const T = dates.length;
  const N = assets.length;
  const factors = [...input.factorReturns.keys()];
  const K = factors.length;
  const P = K + 1;
  const method = input.estimator?.method ?? "ols";
  const f = factors.map((name) => input.factorReturns.get(name));
  const rowOk = new Uint8Array(T);
  let usableRows = 0;
  for (let t = 0; t < T; t++) {
    rowOk[t] = f.every((col) => Number.isFinite(col[t])) ? 1 : 0;
    usableRows += rowOk[t];
  }
  const minObs = Math.max(input.minObservations, P + 1);
  if (usableRows < minObs) {
    throw new ModelError(
      "too-few-factor-observations",
      `${asOf}: only ${usableRows} of ${T} bars in the window have every factor (${factors.join(", ")}); need ${minObs}`
    );
  }
  const factorVariance = f.map((col) => columnVariance(col, rowOk));
  assertFitFeasible(f, rowOk, factorVariance, factors, asOf, method !== "ridge");
  const weight = barWeights(T, method, input.estimator?.halfLifeDays);
  const lambda = method === "ridge" ? input.estimator?.ridgeLambda ?? 0.01 : 0;
  if (!(lambda >= 0)) throw new RangeError(`model.estimator.ridgeLambda (${lambda}) must be >= 0`);
  const loadings = new Float64Array(N * K).fill(NaN);
  const loadingT = new Float64Array(N * K).fill(NaN);
  const alpha = new Float64Array(N).fill(NaN);
  const residualVariance = new Float64Array(N).fill(NaN);
  const rSquared = new Float64Array(N).fill(NaN);
  const observations = new Int32Array(N);
  const sums = accumulateNormalEquations(returns, T, N, f, rowOk, weight);
  const L = P * (P + 1) / 2;
  let dropped = 0;
  const xtx = new Float64Array(P * P);
  const penalised = new Float64Array(P * P);
  const chol = new Float64Array(P * P);
  const ainv = new Float64Array(P * P);
  const coef = new Float64Array(P);
  for (let i = 0; i < N; i++) {
    const count = sums.count[i];
    if (count < minObs) {
      if (count > 0) dropped++;
      continue;
    }
    const scale = count / sums.xtx[i * L];
    for (let a = 0, e = i * L; a < P; a++) {
      coef[a] = sums.xty[i * P + a] * scale;
      for (let b = 0; b <= a; b++, e++) xtx[b * P + a] = xtx[a * P + b] = sums.xtx[e] * scale;
    }
    penalised.set(xtx);
    for (let k = 0; k < K; k++) penalised[(k + 1) * P + k + 1] += lambda * count * factorVariance[k];
    if (!factorCholesky(penalised, P, chol)) {
      dropped++;
      continue;
    }
    const swyy = sums.swyy[i] * scale;
    const swy = sums.xty[i * P] * scale;
    const xty = coef.slice();
    solveCholesky(chol, P, coef);
    let bxy = 0;
    for (let a = 0; a < P; a++) bxy += coef[a] * xty[a];
    const rss = Math.max(0, swyy - 2 * bxy + quadraticForm(xtx, coef, P));
    const tss = swyy - swy ** 2 / count;
    const s2 = rss / (count - P);
    invertCholesky(chol, P, ainv);
    alpha[i] = coef[0];
    for (let k = 0; k < K; k++) {
      loadings[i * K + k] = coef[k + 1];
      loadingT[i * K + k] = coef[k + 1] / Math.sqrt(s2 * sandwichDiagonal(ainv, xtx, P, k + 1));
    }
    residualVariance[i] = s2;
    rSquared[i] = tss > 0 ? 1 - rss / tss : 0;
    observations[i] = count;
  }
  const factorReturns = new Float64Array(T * K);
  for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) factorReturns[t * K + k] = f[k][t];
  const lags = defaultNeweyWestLags(usableRows);
  const factorStats = factors.map((name, k) => {
    const test = neweyWestMean(f[k], lags);
    return { factor: name, meanReturn: test.mean, tStat: test.tStat, lags: test.lags, medianAbsLoadingT: medianAbs(loadingT, k, K), ic: NaN, icTStat: NaN };
  });
  return finishModel(
    {
      asOf,
      kind: "time-series",
      assets,
      factors,
      windowStart: dates[0],
      windowEnd: dates[T - 1],
      loadings,
      alpha,
      residualVariance,
      rSquared,
      observations,
      factorReturns,
      factorReturnDates: dates,
      factorStats,
      droppedAssets: dropped,
      droppedDates: T - usableRows,
      warnings: dropped > 0 ? [`${dropped} asset(s) with fewer than ${minObs} observations left out`] : []
    },
    input.risk
  );
}
function accumulateNormalEquations(returns, T, N, f, rowOk, weight) {
  const P = f.length + 1;
  const L = P * (P + 1) / 2;
  const chunks = Math.ceil(P / 4);
  const bars = barProducts(f, rowOk, weight, T, chunks);
  const xtyChunks = new Float64Array(chunks * N * 4);
  const swyy = new Float64Array(N);
  const missing = new Int32Array(N);
  const gaps = new GapList();
  accumulateFirstChunk(returns, T, N, bars.xw, chunks, rowOk, weight, xtyChunks, swyy, missing, gaps);
  for (let c = 1; c < chunks; c++) accumulateChunk(returns, T, N, bars.xw, chunks, c, rowOk, xtyChunks.subarray(c * N * 4, (c + 1) * N * 4));
  const xty = new Float64Array(N * P);
  for (let i = 0; i < N; i++) for (let a = 0; a < P; a++) xty[i * P + a] = xtyChunks[(a >> 2) * N * 4 + i * 4 + (a & 3)];
  const count = new Int32Array(N);
  for (let i = 0; i < N; i++) count[i] = bars.usable - missing[i];
  const xtx = assembleXtx(returns, T, N, L, rowOk, bars, missing, count, gaps);
  return { xtx, xty, swyy, count };
}
function barProducts(f, rowOk, weight, T, chunks) {
  const P = f.length + 1;
  const L = P * (P + 1) / 2;
  const stride = chunks * 4;
  const xw = new Float64Array(T * stride);
  const products = new Float64Array(T * L);
  const whole = new Float64Array(L);
  let usable = 0;
  for (let t = 0; t < T; t++) {
    if (!rowOk[t]) continue;
    usable++;
    const w = weight[t];
    for (let a = 0, e = t * L; a < P; a++) {
      const xa = a === 0 ? 1 : f[a - 1][t];
      xw[t * stride + a] = w * xa;
      for (let b = 0; b <= a; b++, e++) {
        products[e] = xw[t * stride + a] * (b === 0 ? 1 : f[b - 1][t]);
        whole[e - t * L] += products[e];
      }
    }
  }
  return { xw, products, whole, usable };
}
var GapList = class {
  cells = new Int32Array(1024);
  count = 0;
  push(cell) {
    if (this.count === this.cells.length) {
      const grown = new Int32Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    this.cells[this.count++] = cell;
  }
};
function accumulateFirstChunk(returns, T, N, xw, chunks, rowOk, weight, out, swyy, missing, gaps) {
  for (let t = 0; t < T; t++) {
    if (!rowOk[t]) continue;
    const row = t * N;
    const w = weight[t];
    const o = t * chunks * 4;
    const x0 = xw[o];
    const x1 = xw[o + 1];
    const x2 = xw[o + 2];
    const x3 = xw[o + 3];
    for (let i = 0, base = 0; i < N; i++, base += 4) {
      const y = returns[row + i];
      if (y !== y) {
        missing[i]++;
        gaps.push(row + i);
        continue;
      }
      out[base] += x0 * y;
      out[base + 1] += x1 * y;
      out[base + 2] += x2 * y;
      out[base + 3] += x3 * y;
      swyy[i] += w * y * y;
    }
  }
}
function accumulateChunk(returns, T, N, xw, chunks, c, rowOk, out) {
  for (let t = 0; t < T; t++) {
    if (!rowOk[t]) continue;
    const row = t * N;
    const o = (t * chunks + c) * 4;
    const x0 = xw[o];
    const x1 = xw[o + 1];
    const x2 = xw[o + 2];
    const x3 = xw[o + 3];
    for (let i = 0, base = 0; i < N; i++, base += 4) {
      const y = returns[row + i];
      if (y !== y) continue;
      out[base] += x0 * y;
      out[base + 1] += x1 * y;
      out[base + 2] += x2 * y;
      out[base + 3] += x3 * y;
    }
  }
}
function assembleXtx(returns, T, N, L, rowOk, bars, missing, count, gaps) {
  const { products, whole } = bars;
  const xtx = new Float64Array(N * L);
  for (let i = 0; i < N; i++) {
    if (missing[i] > count[i]) {
      for (let t = 0; t < T; t++) {
        const y = returns[t * N + i];
        if (!rowOk[t] || y !== y) continue;
        for (let e = 0; e < L; e++) xtx[i * L + e] += products[t * L + e];
      }
    } else {
      xtx.set(whole, i * L);
    }
  }
  for (let g = 0; g < gaps.count; g++) {
    const cell = gaps.cells[g];
    const i = cell % N;
    if (missing[i] > count[i]) continue;
    const o = (cell - i) / N * L;
    for (let e = 0; e < L; e++) xtx[i * L + e] -= products[o + e];
  }
  return xtx;
}
function quadraticForm(m, b, p) {
  let s = 0;
  for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) s += b[r] * m[r * p + c] * b[c];
  return s;
}
function sandwichDiagonal(ainv, m, p, j) {
  let s = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += ainv[j * p + a] * m[a * p + b] * ainv[b * p + j];
  return s;
}
function barWeights(T, method, halfLifeDays) {
  if (method !== "wls") return new Float64Array(T).fill(1);
  const h = halfLifeDays ?? Math.max(1, T / 4);
  if (!(h > 0)) throw new RangeError(`model.estimator.halfLifeDays (${h}) must be positive`);
  return Float64Array.from({ length: T }, (_, t) => 2 ** (-(T - 1 - t) / h));
}
function columnVariance(col, rowOk) {
  let n = 0;
  let mean = 0;
  for (let t = 0; t < col.length; t++) if (rowOk[t]) {
    n++;
    mean += col[t];
  }
  mean /= n;
  let ss = 0;
  for (let t = 0; t < col.length; t++) if (rowOk[t]) ss += (col[t] - mean) ** 2;
  return ss / (n - 1);
}
function medianAbs(values2, k, K) {
  const col = [];
  for (let i = k; i < values2.length; i += K) if (Number.isFinite(values2[i])) col.push(Math.abs(values2[i]));
  return col.length === 0 ? NaN : quantileSorted(Float64Array.from(col).sort(), 0.5);
}
function assertFitFeasible(f, rowOk, variance, factors, asOf, needFullRank) {
  const K = factors.length;
  for (let k = 0; k < K; k++) {
    let scale = 0;
    for (let t = 0; t < rowOk.length; t++) if (rowOk[t]) scale = Math.max(scale, Math.abs(f[k][t]));
    if (!(variance[k] > (1e-10 * scale) ** 2) || scale === 0) {
      throw new ModelError("singular-factors", `${asOf}: factor '${factors[k]}' is constant over the window; remove it or widen the window`);
    }
  }
  if (!needFullRank || K < 2) return;
  const corr = new Matrix4(K, K);
  const rows = rowOk.reduce((acc, v) => acc + v, 0);
  const mean = f.map((col) => col.reduce((s, v, t) => rowOk[t] ? s + v : s, 0) / rows);
  for (let a = 0; a < K; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let t = 0; t < rowOk.length; t++) if (rowOk[t]) s += (f[a][t] - mean[a]) * (f[b][t] - mean[b]);
      const c = s / (rows - 1) / Math.sqrt(variance[a] * variance[b]);
      corr.set(a, b, c);
      corr.set(b, a, c);
    }
  }
  const chol = new CholeskyDecomposition2(corr);
  const diag = chol.isPositiveDefinite() ? Math.min(...Array.from({ length: K }, (_, k) => chol.lowerTriangularMatrix.get(k, k))) : 0;
  if (diag < 1e-6) {
    let worst = [0, 1];
    for (let a = 0; a < K; a++) for (let b = 0; b < a; b++) if (Math.abs(corr.get(a, b)) > Math.abs(corr.get(worst[0], worst[1]))) worst = [a, b];
    throw new ModelError(
      "singular-factors",
      `${asOf}: factors ${factors.join(", ")} are collinear over the window (most correlated: ${factors[worst[0]]} and ${factors[worst[1]]}, \u03C1 = ${corr.get(worst[0], worst[1]).toFixed(4)}); drop one or use estimator 'ridge'`
    );
  }
}

// src/engine/model-fitter.ts
var EXPOSURE_WINSOR = 0.01;
var ModelFitter = class {
  #strategy;
  #panel;
  #series;
  #exposureKeys;
  #exposures = /* @__PURE__ */ new Map();
  #regressions = /* @__PURE__ */ new Map();
  /** Market return per bar, computed once per bar as bars become visible (`NaN` until then and where undefined). */
  #market;
  #marketThrough = -1;
  /** @param alignedSeries every series, aligned to the panel with the publication lag applied */
  constructor(strategy, panel, alignedSeries) {
    this.#strategy = strategy;
    this.#panel = panel;
    this.#series = alignedSeries;
    this.#market = new Float64Array(panel.dates.length).fill(NaN);
    const m = strategy.model;
    this.#exposureKeys = m.kind === "cross-sectional" ? m.factors : m.kind === "time-series" ? m.factorPortfolios ?? [] : [];
  }
  /** Bars of data a fit needs before it can run: the window (plus exposure lookbacks). */
  get warmupBars() {
    const lookback = Math.max(0, ...this.#exposureKeys.map((k) => this.#factor(k).lookbackBars));
    return this.#strategy.model.windowDays + lookback;
  }
  /** Fit on the window of `windowDays` bars ending at `history.asOf`. */
  fit(history, previous) {
    const m = this.#strategy.model;
    const window = m.windowDays;
    const minObservations = m.minObservations ?? Math.ceil(0.75 * window);
    const t = history.length - 1;
    const N = history.assets.length;
    const returns = t + 1 >= window ? this.#panel.field("return").subarray((t + 1 - window) * N, (t + 1) * N) : history.window("return", window);
    const common = {
      asOf: history.asOf,
      dates: history.dates(window),
      assets: history.assets,
      returns,
      minObservations,
      ...m.risk === void 0 ? {} : { risk: m.risk }
    };
    if (m.kind === "statistical") {
      return fitPca({
        ...common,
        ...m.components === void 0 ? {} : { components: m.components },
        ...m.explainedVariance === void 0 ? {} : { explainedVariance: m.explainedVariance },
        ...m.maxComponents === void 0 ? {} : { maxComponents: m.maxComponents },
        ...previous === void 0 ? {} : { previous }
      });
    }
    if (m.kind === "cross-sectional") {
      const useCaps = (m.weighting ?? "sqrt-cap") === "sqrt-cap" && history.hasField("market_cap");
      const caps = useCaps ? history.window("market_cap", window) : void 0;
      return fitCrossSection({
        ...common,
        factors: m.factors,
        exposures: Array.from({ length: window }, (_, s) => t - window + 1 + s >= 0 ? this.#standardized(t - window + 1 + s, N) : void 0),
        ...caps === void 0 ? {} : { weights: caps.map((c) => c > 0 ? Math.sqrt(c) : NaN) },
        ...m.horizonDays === void 0 ? {} : { horizonBars: m.horizonDays },
        ...m.neweyWestLags === void 0 ? {} : { neweyWestLags: m.neweyWestLags },
        cache: this.#regressions
      });
    }
    const factorReturns = /* @__PURE__ */ new Map();
    if (m.market ?? true) factorReturns.set("market", this.#marketReturns(t, window));
    for (const s of m.series ?? history.seriesNames()) factorReturns.set(s, history.series(s, window));
    for (const key of m.factorPortfolios ?? []) factorReturns.set(key, this.#portfolioReturns(history, key, window));
    if (factorReturns.size === 0) throw new StrategyError("invalid-strategy", `strategy '${this.#strategy.name}'`, "model", "a time-series model needs at least one factor (market, series or factorPortfolios)");
    return fitTimeSeries({ ...common, factorReturns, ...m.estimator === void 0 ? {} : { estimator: m.estimator } });
  }
  /**
   * The model's factor returns on bar `history.asOf`, for attributing that
   * bar's P&L: observed returns for a time-series model (market, series,
   * factor portfolios), the bar's cross-sectional regression on the previous
   * close's exposures, or the projection of the bar's returns on the principal
   * components (missing returns as 0). `NaN` where a return cannot be formed.
   */
  factorReturnsAt(history, model) {
    const m = this.#strategy.model;
    const N = history.assets.length;
    const K = model.factors.length;
    const t = history.length - 1;
    const out = new Float64Array(K).fill(NaN);
    if (t < 1) return out;
    const returns = history.latest("return");
    if (m.kind === "cross-sectional") {
      const caps = (m.weighting ?? "sqrt-cap") === "sqrt-cap" && history.hasField("market_cap") ? history.window("market_cap", 2).subarray(0, N) : void 0;
      const fit = regressBar(this.#standardized(t - 1, N), returns, caps?.map((c) => c > 0 ? Math.sqrt(c) : NaN), m.factors.length);
      if (fit !== void 0 && fit !== "singular") out.set(fit.coefficients);
      return out;
    }
    if (m.kind === "statistical") {
      let fitted = 0;
      for (let i = 0; i < N; i++) if (model.observations[i] > 0) fitted++;
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let i = 0; i < N; i++) if (model.observations[i] > 0 && Number.isFinite(returns[i])) s += returns[i] * model.loadings[i * K + k];
        out[k] = s / fitted;
      }
      return out;
    }
    model.factors.forEach((name, k) => {
      if (name === "market") out[k] = this.#marketReturns(t, 1)[0];
      else if (history.seriesNames().includes(name)) out[k] = history.series(name, 1)[0];
      else if ((m.factorPortfolios ?? []).includes(name)) out[k] = this.#portfolioReturns(history, name, 2)[1];
    });
    return out;
  }
  /** Forget exposures and regressions older than any future window can use. */
  prune(t) {
    const oldest = t - this.#strategy.model.windowDays;
    for (const s of this.#exposures.keys()) if (s < oldest) this.#exposures.delete(s);
    const oldestDate = this.#panel.dates[Math.max(0, oldest)];
    for (const key of this.#regressions.keys()) if (key < oldestDate) this.#regressions.delete(key);
  }
  /**
   * Market returns of the `bars` bars ending at `t` (`NaN` before the data),
   * as `marketReturns` computes them, each bar computed once per run: bar `s`
   * reads only bars `s − 1` and `s`, so it is known from bar `s` on.
   */
  #marketReturns(t, bars) {
    const N = this.#panel.assets.length;
    const ret = this.#panel.field("return");
    const caps = this.#panel.hasField("market_cap") ? this.#panel.field("market_cap") : void 0;
    for (let s = this.#marketThrough + 1; s <= t; s++) {
      this.#market[s] = s === 0 && caps !== void 0 ? NaN : capWeightedMean(ret, caps, N, s * N, (s - 1) * N);
    }
    this.#marketThrough = Math.max(this.#marketThrough, t);
    const out = new Float64Array(bars).fill(NaN);
    const from = t + 1 - bars;
    out.set(this.#market.subarray(Math.max(0, from), t + 1), Math.max(0, -from));
    return out;
  }
  #factor(key) {
    const def = this.#strategy.factors[key];
    if (def === void 0) throw new StrategyError("unknown-exposure", `strategy '${this.#strategy.name}'`, "model", `'${key}' is not one of the strategy's factors`);
    return def;
  }
  /** Raw exposures at bar `s` (`N × K` asset-major over the exposure keys), computed as of `s`. */
  #raw(s, N) {
    const cached = this.#exposures.get(s);
    if (cached !== void 0) return cached;
    const history = new History(this.#panel, this.#series, s);
    const K = this.#exposureKeys.length;
    const out = new Float64Array(N * K);
    this.#exposureKeys.forEach((key, k) => {
      let x;
      try {
        x = this.#factor(key).compute(history);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        throw new StrategyError("factor-failed", `strategy '${this.#strategy.name}'`, `factors.${key}`, `failed on ${history.asOf}: ${err.message}`);
      }
      for (let i = 0; i < N; i++) out[i * K + k] = x[i];
    });
    this.#exposures.set(s, out);
    return out;
  }
  /** Exposures at bar `s`, each winsorised and z-scored (cap-weighted mean when caps exist). */
  #standardized(s, N) {
    const raw = this.#raw(s, N);
    const K = this.#exposureKeys.length;
    const caps = this.#panel.hasField("market_cap") ? this.#panel.field("market_cap").subarray(s * N, (s + 1) * N) : void 0;
    const out = new Float64Array(N * K);
    for (let k = 0; k < K; k++) {
      const col = Float64Array.from({ length: N }, (_, i) => raw[i * K + k]);
      const z = zScore(winsorize(col, EXPOSURE_WINSOR), caps === void 0 ? {} : { weights: caps });
      for (let i = 0; i < N; i++) out[i * K + k] = z[i];
    }
    return out;
  }
  /** Top-third minus bottom-third equal-weighted return per bar, sorted on the previous bar's exposure. */
  #portfolioReturns(history, key, window) {
    const N = history.assets.length;
    const K = this.#exposureKeys.length;
    const k = this.#exposureKeys.indexOf(key);
    const t = history.length - 1;
    const rets = history.window("return", window);
    const out = new Float64Array(window).fill(NaN);
    for (let s = 1; s < window; s++) {
      const bar = t - window + 1 + s;
      if (bar - 1 < 0) continue;
      const raw = this.#raw(bar - 1, N);
      const ranked = [];
      for (let i = 0; i < N; i++) if (Number.isFinite(raw[i * K + k]) && Number.isFinite(rets[s * N + i])) ranked.push(i);
      if (ranked.length < 6) continue;
      ranked.sort((a, b) => raw[a * K + k] - raw[b * K + k]);
      const third = Math.floor(ranked.length / 3);
      let low = 0;
      let high = 0;
      for (let j = 0; j < third; j++) {
        low += rets[s * N + ranked[j]];
        high += rets[s * N + ranked[ranked.length - 1 - j]];
      }
      out[s] = (high - low) / third;
    }
    return out;
  }
};

// src/engine/walk-forward.ts
function emptyTimings() {
  return { factors: 0, fits: 0, optimisation: 0, accounting: 0, storage: 0, diagnostics: 0 };
}
var MAX_STALE_BARS = 5;
async function runWalkForward(options) {
  const { strategy, market, solvers, recorder } = options;
  const { panel, report: report2 } = preparePanel(market, strategy.dataChecks);
  recorder.recordDataQuality?.(report2);
  const { dates, assets } = panel;
  const n = assets.length;
  const start = options.from === void 0 ? 0 : dates.findIndex((d) => d >= options.from);
  const endAfter = options.to === void 0 ? dates.length : dates.findIndex((d) => d > options.to);
  const end = (endAfter === -1 ? dates.length : endAfter) - 1;
  if (start === -1 || end < start) {
    throw new UsageError(`no dates to run between --from ${options.from ?? dates[0]} and --to ${options.to ?? dates[dates.length - 1]} (data: ${dates[0]} .. ${dates[dates.length - 1]})`);
  }
  const lag = strategy.model.seriesLagDays ?? 0;
  const aligned = new Map(market.series.names.map((s) => [s, market.series.alignTo(s, dates, lag)]));
  const fitter = new ModelFitter(strategy, panel, aligned);
  const executionLag = strategy.executionLagDays ?? 1;
  const initialNav = strategy.initialNav ?? 1e6;
  const perYear = barsPerYear(dates);
  const close = panel.field("close");
  const ret = panel.field("return");
  const delisting = panel.hasField("delisting_return") ? panel.field("delisting_return") : void 0;
  const ledger = new Ledger(n, initialNav);
  const firstValid = new Int32Array(n).fill(-1);
  const lastValid = new Int32Array(n).fill(-1);
  for (let t = 0; t < start; t++) noteValid(t);
  let model;
  let pending;
  const dailyRows = [];
  const signalIcs = [];
  let lastSignal;
  const scoreSignal = (past, t) => t > past.bar ? rankCorrelation(past.signal, compoundEach(ret.subarray((past.bar + 1) * n, (t + 1) * n), n, 1)) : NaN;
  const refitDue = periodStarts(dates, strategy.model.refitEvery);
  const rebalanceDue = periodStarts(dates, strategy.rebalance);
  const solveMs = [];
  let rebalances = 0;
  let infeasible = 0;
  function noteValid(t) {
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(close[t * n + i])) continue;
      if (firstValid[i] < 0) firstValid[i] = t;
      lastValid[i] = t;
    }
  }
  const timings = options.timings;
  const detail = recorder.returnsOnly !== true;
  for (let t = start; t <= end; t++) {
    const barStarted = performance.now();
    let elsewhere = 0;
    noteValid(t);
    const navBefore = ledger.nav;
    const events = [];
    const trades = [];
    const held = ledger.weights(navBefore);
    const heldAny = ledger.holdsPositions;
    const pnl = ledger.markToMarket(ret.subarray(t * n, (t + 1) * n));
    for (let i = 0; i < n; i++) {
      if (ledger.positions[i] === 0) continue;
      const delisted = delisting !== void 0 && !Number.isNaN(delisting[t * n + i]);
      const stale = t - lastValid[i] >= MAX_STALE_BARS;
      if (!delisted && !stale) continue;
      const value = ledger.liquidate(i);
      trades.push({ asset: assets[i], weight: -value / navBefore, cost: 0, reason: delisted ? "delisting" : "stale" });
      events.push({ kind: delisted ? "delisting" : "stale-liquidation", detail: `${assets[i]} closed at ${value.toFixed(2)}` });
    }
    let cost = 0;
    let turnover = 0;
    if (pending !== void 0 && pending.executeAt === t) {
      const tradable = new Uint8Array(n);
      for (let i = 0; i < n; i++) tradable[i] = Number.isNaN(close[t * n + i]) || delisting !== void 0 && !Number.isNaN(delisting[t * n + i]) ? 0 : 1;
      const executed = ledger.rebalance(assets, pending.targets, tradable, pending.costRates);
      trades.push(...executed.trades);
      cost = executed.cost;
      turnover = executed.turnover;
      pending = void 0;
    }
    let fit;
    let evaluation;
    const history = new History(panel, aligned, t);
    let attribution;
    if (detail && model !== void 0 && heldAny) {
      const split = attributeReturn(held, ret.subarray(t * n, (t + 1) * n), model.loadings, fitter.factorReturnsAt(history, model));
      attribution = { factors: model.factors, contributions: split.contributions, specific: split.specific };
    }
    const refit = (model === void 0 || refitDue[t] === 1) && t + 1 >= fitter.warmupBars;
    const fitStarted = performance.now();
    if (detail && model !== void 0 && (refit || t === end)) evaluation = evaluateSince(model, history);
    if (refit) {
      try {
        model = fitter.fit(history, model);
        if (detail) fit = toFitRecord(model);
        for (const w of model.warnings) if (w.startsWith("collinearity")) events.push({ kind: "collinearity-warning", detail: w });
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        events.push({ kind: "fit-failed", detail: `${err.message}; kept the previous model` });
      }
      fitter.prune(t);
    }
    const fitMs = performance.now() - fitStarted;
    elsewhere += fitMs;
    let rebalance;
    const nav = ledger.nav;
    if (model !== void 0 && rebalanceDue[t] === 1) {
      const current = ledger.weights(nav);
      if (lastSignal !== void 0) signalIcs.push(scoreSignal(lastSignal, t));
      const decideStarted = performance.now();
      const decision = await decide({ strategy, history, model, current, nav, firstValid, solvers, barsPerYear: perYear, ...options.params === void 0 ? {} : { params: options.params } });
      const decideMs = performance.now() - decideStarted;
      elsewhere += decideMs;
      if (timings !== void 0) {
        timings.optimisation += decision.optimiseMs;
        timings.factors += decideMs - decision.optimiseMs;
      }
      events.push(...decision.events);
      const executeAt = t + executionLag;
      if (decision.targets !== void 0) pending = { executeAt, targets: decision.targets, costRates: decision.costRates };
      lastSignal = decision.signal === void 0 ? void 0 : { bar: t, signal: decision.signal };
      rebalance = { ...decision.record, executeDate: executeAt < dates.length ? dates[executeAt] : null };
      rebalances++;
      if (decision.record.status === "optimal" || decision.record.status === "relaxed") solveMs.push(decision.record.solveMs);
      if (decision.record.status === "infeasible" || decision.record.status === "failed") infeasible++;
    }
    const weights = ledger.weights(nav);
    let gross = 0;
    let net = 0;
    const holdings = [];
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w === 0) continue;
      gross += Math.abs(w);
      net += w;
      if (detail) holdings.push({ asset: assets[i], weight: w });
    }
    const day = {
      date: dates[t],
      nav,
      grossReturn: pnl / navBefore,
      netReturn: nav / navBefore - 1,
      cost,
      turnover,
      grossExposure: gross,
      netExposure: net,
      predictedVol: model === void 0 ? NaN : Math.sqrt(predictedVariance(model, weights)),
      holdings,
      trades,
      events,
      ...fit === void 0 ? {} : { fit },
      ...evaluation === void 0 ? {} : { evaluation },
      ...attribution === void 0 ? {} : { attribution },
      ...rebalance === void 0 ? {} : { rebalance }
    };
    const storageStarted = performance.now();
    recorder.recordDay(day);
    const storageMs = performance.now() - storageStarted;
    dailyRows.push({ nav, netReturn: day.netReturn, turnover, cost, predictedVol: day.predictedVol });
    options.onProgress?.(t - start + 1, end - start + 1, dates[t]);
    if (timings !== void 0) {
      timings.fits += fitMs;
      timings.storage += storageMs;
      timings.accounting += performance.now() - barStarted - elsewhere - storageMs;
    }
  }
  const summaryStarted = performance.now();
  const summary = summarizePerformance(dailyRows, initialNav, perYear, { signalIcs: [...signalIcs, ...lastSignal === void 0 ? [] : [scoreSignal(lastSignal, end)]] });
  if (timings !== void 0) timings.diagnostics += performance.now() - summaryStarted;
  return {
    summary,
    firstDate: dates[start],
    lastDate: dates[end],
    rebalances,
    infeasibleRebalances: infeasible,
    byYear: returnsByYear(dates.slice(start, end + 1), dailyRows.map((r) => r.netReturn)),
    dataFindings: Object.fromEntries(
      DATA_CHECKS.flatMap((c) => {
        const count = report2.issues.filter((x) => x.check === c).length;
        return count === 0 ? [] : [[c, `${count} (${report2.policies[c]})`]];
      })
    ),
    solveMs
  };
}
function evaluateSince(model, history) {
  const dates = history.dates(history.length);
  const bars = dates.length - 1 - dates.indexOf(model.asOf);
  return bars > 0 ? evaluateModel(model, history.window("return", bars), dates.slice(-bars)) : void 0;
}
function toFitRecord(model) {
  const K = model.factors.length;
  const fitted = model.assets.flatMap(
    (asset, i) => model.observations[i] > 0 ? [{
      asset,
      alpha: model.alpha[i],
      loadings: model.loadings.slice(i * K, (i + 1) * K),
      specificVariance: model.specificVariance[i],
      rSquared: model.rSquared[i],
      observations: model.observations[i]
    }] : []
  );
  return {
    kind: model.kind,
    windowStart: model.windowStart,
    windowEnd: model.windowEnd,
    factors: model.factors,
    factorCovariance: model.factorCovariance,
    fittedAssets: fitted.length,
    droppedAssets: model.droppedAssets,
    droppedDates: model.droppedDates,
    risk: model.risk,
    factorStats: model.factorStats,
    factorReturns: model.factorReturns,
    factorReturnDates: model.factorReturnDates,
    warnings: model.warnings,
    assets: fitted
  };
}

// src/engine/run-strategy.ts
async function runStrategy(options) {
  const { strategy, market, db } = options;
  const def = strategy.definition;
  const recorder = SqliteRecorder.start(db, {
    strategy: def.name,
    strategyFile: strategy.file,
    sourceHash: strategy.sourceHash,
    config: { ...JSON.parse(JSON.stringify(def)), from: options.from ?? null, to: options.to ?? null, solvers: options.solvers.map((s) => s.name) },
    dataSource: market.source,
    dataFingerprint: market.fingerprint,
    codeVersion: codeVersion()
  }, options.writer === void 0 ? {} : { writer: options.writer });
  try {
    const result = await runWalkForward({
      strategy: def,
      market,
      solvers: options.solvers,
      recorder,
      ...options.from === void 0 ? {} : { from: options.from },
      ...options.to === void 0 ? {} : { to: options.to },
      ...options.onProgress === void 0 ? {} : { onProgress: options.onProgress },
      ...options.timings === void 0 ? {} : { timings: options.timings }
    });
    const finishStarted = performance.now();
    recorder.finish(result.summary, result.byYear);
    if (options.timings !== void 0) options.timings.storage += performance.now() - finishStarted;
    return { ...result, runId: recorder.runId, storage: { writer: recorder.threaded ? "thread" : "direct", writerMs: recorder.writerMs } };
  } catch (err) {
    recorder.fail(err);
    throw err;
  }
}
var cachedVersion;
function codeVersion() {
  if (cachedVersion !== void 0) return cachedVersion;
  const root = new URL("../../", import.meta.url);
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    cachedVersion = `git:${commit}${dirty === "" ? "" : "-dirty"}`;
  } catch {
    const pkg = JSON.parse(readFileSync4(new URL("package.json", root), "utf8"));
    cachedVersion = `factorlab@${pkg.version}`;
  }
  return cachedVersion;
}

// src/optimize/dual-simplex.ts
function solveDualSimplex(lp, options = {}) {
  const started = performance.now();
  const outcome = new DualSimplex(lp, options.maxIterations).solve();
  return { ...outcome, solveMs: performance.now() - started };
}
function createDualSimplexSolver(options = {}) {
  return { name: "dual-simplex", solve: (lp) => Promise.resolve(solveDualSimplex(lp, options)) };
}
var PRIMAL_TOLERANCE = 1e-10;
var DUAL_TOLERANCE = 1e-9;
var PIVOT_TOLERANCE = 1e-9;
var REFACTOR_EVERY = 32;
var BASIC = 0;
var AT_LOWER = 1;
var AT_UPPER = 2;
var SMALL_GROUP = 16;
var DualSimplex = class {
  #lp;
  #m;
  #n;
  /** Maximisation costs of the n columns, then 0 for the m row activities. */
  #cost;
  #lower;
  #upper;
  /** A's columns (CSC), for the entering column and bound flips; `lp` holds its rows, for pricing. */
  #colStarts;
  #colRows;
  #colValues;
  #status;
  #value;
  #reduced;
  #basis;
  /** Row-major m × m inverse of the basis matrix (columns of [A, −I]). */
  #inverse;
  #dual;
  #maxIterations;
  #sign;
  constructor(lp, maxIterations) {
    const m = lp.rowLower.length;
    const n = lp.colCost.length;
    this.#lp = lp;
    this.#m = m;
    this.#n = n;
    this.#sign = lp.sense === "max" ? 1 : -1;
    this.#maxIterations = maxIterations ?? 1e3 + 20 * m;
    this.#cost = new Float64Array(n + m);
    this.#lower = new Float64Array(n + m);
    this.#upper = new Float64Array(n + m);
    for (let j = 0; j < n; j++) {
      this.#cost[j] = this.#sign * lp.colCost[j];
      this.#lower[j] = lp.colLower[j];
      this.#upper[j] = lp.colUpper[j];
    }
    this.#lower.set(lp.rowLower, n);
    this.#upper.set(lp.rowUpper, n);
    this.#colStarts = new Int32Array(n + 1);
    this.#colRows = new Int32Array(lp.values.length);
    this.#colValues = new Float64Array(lp.values.length);
    transpose(lp.rowStarts, lp.colIndex, lp.values, m, this.#colStarts, this.#colRows, this.#colValues);
    this.#status = new Uint8Array(n + m);
    this.#value = new Float64Array(n + m);
    this.#reduced = new Float64Array(n + m);
    this.#basis = new Int32Array(m);
    this.#inverse = new Float64Array(m * m);
    this.#dual = new Float64Array(m);
  }
  solve() {
    const m = this.#m;
    const n = this.#n;
    for (let j = 0; j < n; j++) {
      const c = this.#cost[j];
      const atUpper = c > 0 || c === 0 && !Number.isFinite(this.#lower[j]);
      const bound = atUpper ? this.#upper[j] : this.#lower[j];
      if (!Number.isFinite(bound)) return declined(`column ${j} has no finite bound on the side its cost favours, so the all-slack start is not dual feasible`);
      this.#status[j] = atUpper ? AT_UPPER : AT_LOWER;
      this.#value[j] = bound;
    }
    for (let r = 0; r < m; r++) {
      this.#basis[r] = n + r;
      this.#status[n + r] = BASIC;
    }
    if (!this.#refactor()) return declined("the starting basis is singular");
    const alpha = new Float64Array(n + m);
    const pivotRow = new Float64Array(m);
    const column2 = new Float64Array(m);
    const flips = new Float64Array(m);
    const candidates = new Int32Array(n + m);
    const keys = new Float64Array(n + m);
    const drops = new Float64Array(n + m);
    for (let iteration = 0; iteration < this.#maxIterations; iteration++) {
      if (iteration > 0 && iteration % REFACTOR_EVERY === 0 && !this.#refactor()) return declined("the basis became singular");
      let r = this.#leavingRow();
      if (r < 0) {
        if (!this.#refactor()) return declined("the basis became singular");
        r = this.#leavingRow();
        if (r < 0) return { ...this.#finish(), iterations: iteration };
      }
      const p = this.#basis[r];
      const toLower = this.#value[p] < this.#lower[p];
      let slope = toLower ? this.#lower[p] - this.#value[p] : this.#value[p] - this.#upper[p];
      for (let i = 0; i < m; i++) pivotRow[i] = this.#inverse[r * m + i];
      this.#price(pivotRow, alpha);
      const s = toLower ? 1 : -1;
      const count = collectBreakpoints(this.#status, this.#lower, this.#upper, this.#reduced, alpha, s, keys, drops, candidates);
      if (count === 0) return { ...declined("the LP looks infeasible (no column can enter for a violated row); left to the next backend to confirm"), iterations: iteration };
      const at = passBreakpoints(keys, drops, candidates, count, slope);
      if (at < 0) return { ...declined("the LP looks infeasible (every breakpoint of a violated row passed); left to the next backend to confirm"), iterations: iteration };
      let q = candidates[at];
      const limit = keys[at] * (1 + 1e-9) + 1e-12;
      for (let e = at + 1; e < count && keys[e] <= limit; e++) if (Math.abs(alpha[candidates[e]]) > Math.abs(alpha[q])) q = candidates[e];
      const aq = -s * alpha[q];
      const dq = this.#reduced[q];
      const thetaD = this.#status[q] === AT_LOWER ? Math.max(0, -dq) / aq : Math.max(0, dq) / -aq;
      dualStep(this.#status, this.#reduced, alpha, s * thetaD);
      this.#reduced[q] = 0;
      this.#reduced[p] = -s * thetaD;
      for (let i = 0; i < m; i++) this.#dual[i] += s * thetaD * pivotRow[i];
      if (at > 0) {
        flips.fill(0);
        for (let c = 0; c < at; c++) {
          const k = candidates[c];
          const toUpper = this.#status[k] === AT_LOWER;
          this.#addColumn(k, toUpper ? this.#upper[k] - this.#lower[k] : this.#lower[k] - this.#upper[k], flips);
          this.#status[k] = toUpper ? AT_UPPER : AT_LOWER;
          this.#value[k] = toUpper ? this.#upper[k] : this.#lower[k];
        }
        this.#moveBasics(flips);
      }
      this.#ftran(q, column2);
      const pivot = column2[r];
      if (Math.abs(pivot) < PIVOT_TOLERANCE) return declined("a pivot became too small");
      const bound = toLower ? this.#lower[p] : this.#upper[p];
      const step = (this.#value[p] - bound) / pivot;
      for (let i = 0; i < m; i++) this.#value[this.#basis[i]] -= step * column2[i];
      this.#value[q] += step;
      this.#value[p] = bound;
      this.#status[p] = toLower ? AT_LOWER : AT_UPPER;
      this.#status[q] = BASIC;
      this.#basis[r] = q;
      this.#updateInverse(r, column2);
    }
    return declined(`no optimum within ${this.#maxIterations} iterations`);
  }
  /** The basic variable furthest outside its bounds (its basis position), or −1. */
  #leavingRow() {
    let best = -1;
    let worst = 0;
    for (let i = 0; i < this.#m; i++) {
      const v = this.#basis[i];
      const z = this.#value[v];
      const below = this.#lower[v] - z;
      const above = z - this.#upper[v];
      const excess = below > 0 ? below / (1 + Math.abs(this.#lower[v])) : above > 0 ? above / (1 + Math.abs(this.#upper[v])) : 0;
      if (excess > PRIMAL_TOLERANCE && excess > worst) {
        worst = excess;
        best = i;
      }
    }
    return best;
  }
  /** `out[k] = ρ'M_k` for every column of [A, −I]. */
  #price(rho, out) {
    priceColumns(this.#colStarts, this.#colRows, this.#colValues, this.#n, rho, out);
  }
  /** `out = M v` for `v` over the n columns and m row activities (`M = [A, −I]`). */
  #times(v, out) {
    const lp = this.#lp;
    multiplyRows(lp.rowStarts, lp.colIndex, lp.values, this.#m, this.#n, v, out);
  }
  /** `out += delta · M_k`. */
  #addColumn(k, delta, out) {
    if (k >= this.#n) {
      out[k - this.#n] -= delta;
      return;
    }
    const end = this.#colStarts[k + 1];
    for (let e = this.#colStarts[k]; e < end; e++) out[this.#colRows[e]] += delta * this.#colValues[e];
  }
  /** Basic values after nonbasic values change by `change` (a sum of `delta · M_k`): `z_B −= B⁻¹ change`. */
  #moveBasics(change) {
    const m = this.#m;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += this.#inverse[i * m + j] * change[j];
      this.#value[this.#basis[i]] -= s;
    }
  }
  /** `out = B⁻¹ M_k`. */
  #ftran(k, out) {
    const m = this.#m;
    const column2 = new Float64Array(m);
    this.#addColumn(k, 1, column2);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += this.#inverse[i * m + j] * column2[j];
      out[i] = s;
    }
  }
  /** Replace basis position `r` by the column whose FTRAN is `column` (product-form update of the explicit inverse). */
  #updateInverse(r, column2) {
    const m = this.#m;
    const inv = this.#inverse;
    const pivot = column2[r];
    for (let j = 0; j < m; j++) inv[r * m + j] /= pivot;
    for (let i = 0; i < m; i++) {
      if (i === r || column2[i] === 0) continue;
      const f = column2[i];
      for (let j = 0; j < m; j++) inv[i * m + j] -= f * inv[r * m + j];
    }
  }
  /**
   * Fresh basis inverse (Gauss-Jordan with partial pivoting), basic values
   * from the nonbasic ones, duals `y = B⁻ᵀc_B` and reduced costs `d = c − M'y`.
   * False when the basis is singular.
   */
  #refactor() {
    const m = this.#m;
    const n = this.#n;
    const work = new Float64Array(m * m);
    const position = new Int32Array(n).fill(-1);
    for (let c = 0; c < m; c++) {
      const k = this.#basis[c];
      if (k >= n) work[(k - n) * m + c] = -1;
      else position[k] = c;
    }
    gatherColumns(this.#lp.rowStarts, this.#lp.colIndex, this.#lp.values, m, position, work);
    const inv = this.#inverse;
    inv.fill(0);
    for (let i = 0; i < m; i++) inv[i * m + i] = 1;
    for (let c = 0; c < m; c++) {
      let pivotRow = c;
      for (let i = c + 1; i < m; i++) if (Math.abs(work[i * m + c]) > Math.abs(work[pivotRow * m + c])) pivotRow = i;
      const pivot = work[pivotRow * m + c];
      if (!(Math.abs(pivot) > 1e-12)) return false;
      if (pivotRow !== c) {
        for (let j = 0; j < m; j++) {
          [work[c * m + j], work[pivotRow * m + j]] = [work[pivotRow * m + j], work[c * m + j]];
          [inv[c * m + j], inv[pivotRow * m + j]] = [inv[pivotRow * m + j], inv[c * m + j]];
        }
      }
      for (let j = 0; j < m; j++) {
        work[c * m + j] /= pivot;
        inv[c * m + j] /= pivot;
      }
      for (let i = 0; i < m; i++) {
        const f = work[i * m + c];
        if (i === c || f === 0) continue;
        for (let j = 0; j < m; j++) {
          work[i * m + j] -= f * work[c * m + j];
          inv[i * m + j] -= f * inv[c * m + j];
        }
      }
    }
    const nonbasicValues = new Float64Array(n + m);
    for (let k = 0; k < n + m; k++) if (this.#status[k] !== BASIC) nonbasicValues[k] = this.#value[k];
    const nonbasic = new Float64Array(m);
    this.#times(nonbasicValues, nonbasic);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += inv[i * m + j] * nonbasic[j];
      this.#value[this.#basis[i]] = -s;
    }
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += inv[i * m + j] * this.#cost[this.#basis[i]];
      this.#dual[j] = s;
    }
    this.#price(this.#dual, this.#reduced);
    for (let k = 0; k < n + m; k++) this.#reduced[k] = this.#status[k] === BASIC ? 0 : this.#cost[k] - this.#reduced[k];
    return true;
  }
  /** The answer, once fresh values are primal feasible: refuse it if fresh duals are not dual feasible. */
  #finish() {
    const n = this.#n;
    const m = this.#m;
    for (let k = 0; k < n + m; k++) {
      const d = this.#reduced[k];
      const status = this.#status[k];
      if (status === BASIC || this.#lower[k] === this.#upper[k]) continue;
      if (status === AT_LOWER ? d > DUAL_TOLERANCE : d < -DUAL_TOLERANCE) return declined(`reduced cost ${d.toExponential(2)} of ${k < n ? `column ${k}` : `row ${k - n}`} is on the wrong side at the optimum`);
    }
    for (let k = 0; k < n + m; k++) {
      const d = this.#reduced[k];
      const status = this.#status[k];
      if (status === BASIC || this.#lower[k] !== this.#upper[k] && (status === AT_LOWER ? d > 0 : d < 0)) this.#reduced[k] = 0;
    }
    for (let i = 0; i < m; i++) this.#dual[i] = this.#reduced[n + i];
    const x = this.#value.slice(0, n);
    let objective = 0;
    for (let j = 0; j < n; j++) objective += this.#lp.colCost[j] * x[j];
    const rowDual = new Float64Array(m);
    for (let i = 0; i < m; i++) rowDual[i] = this.#sign * this.#dual[i];
    const colDual = new Float64Array(n);
    for (let j = 0; j < n; j++) colDual[j] = this.#status[j] === BASIC ? 0 : this.#sign * this.#reduced[j];
    return { status: "optimal", x, rowDual, colDual, objective };
  }
};
function priceColumns(colStarts, colRows, colValues, n, rho, out) {
  for (let j = 0, e = 0; j < n; j++) {
    const end = colStarts[j + 1];
    let sum = 0;
    for (; e < end; e++) sum += rho[colRows[e]] * colValues[e];
    out[j] = sum;
  }
  for (let i = 0; i < rho.length; i++) out[n + i] = -rho[i];
}
function collectBreakpoints(status, lower, upper, reduced, alpha, s, keys, drops, candidates) {
  let count = 0;
  const total = status.length;
  for (let k = 0; k < total; k++) {
    const st = status[k];
    if (st === BASIC || lower[k] === upper[k]) continue;
    const a = -s * alpha[k];
    if (st === AT_LOWER ? a > PIVOT_TOLERANCE : a < -PIVOT_TOLERANCE) {
      const d = reduced[k];
      keys[count] = st === AT_LOWER ? Math.max(0, -d) / a : Math.max(0, d) / -a;
      drops[count] = Math.abs(alpha[k]) * (upper[k] - lower[k]);
      candidates[count++] = k;
    }
  }
  return count;
}
function passBreakpoints(keys, drops, candidates, count, slope) {
  let lo = 0;
  let hi = count;
  let left = slope;
  while (hi - lo > SMALL_GROUP) {
    const pivot = medianOfThree(keys[lo], keys[lo + hi >>> 1], keys[hi - 1]);
    let lt = lo;
    let i = lo;
    let gt = hi;
    let less = 0;
    let equal = 0;
    while (i < gt) {
      const v = keys[i];
      if (v < pivot) {
        less += drops[i];
        swap(keys, drops, candidates, lt++, i++);
      } else if (v > pivot) {
        swap(keys, drops, candidates, i, --gt);
      } else {
        equal += drops[i++];
      }
    }
    if (!(left - less > 0)) {
      hi = lt;
      continue;
    }
    left -= less;
    if (!(left - equal > 0)) {
      lo = lt;
      hi = gt;
      break;
    }
    left -= equal;
    lo = gt;
  }
  for (let c = lo + 1; c < hi; c++) {
    for (let e = c; e > lo && keys[e - 1] > keys[e]; e--) swap(keys, drops, candidates, e - 1, e);
  }
  for (let c = lo; c < hi; c++) {
    if (!(left - drops[c] > 0)) return c;
    left -= drops[c];
  }
  return -1;
}
function medianOfThree(a, b, c) {
  return a < b ? b < c ? b : a < c ? c : a : a < c ? a : b < c ? c : b;
}
function swap(keys, drops, candidates, a, b) {
  const key = keys[a];
  keys[a] = keys[b];
  keys[b] = key;
  const drop = drops[a];
  drops[a] = drops[b];
  drops[b] = drop;
  const candidate = candidates[a];
  candidates[a] = candidates[b];
  candidates[b] = candidate;
}
function multiplyRows(rowStarts, colIndex, values2, m, n, v, out) {
  for (let i = 0; i < m; i++) {
    let sum = -v[n + i];
    const end = rowStarts[i + 1];
    for (let k = rowStarts[i]; k < end; k++) sum += values2[k] * v[colIndex[k]];
    out[i] = sum;
  }
}
function transpose(rowStarts, colIndex, values2, m, colStarts, colRows, colValues) {
  const n = colStarts.length - 1;
  const nnz = rowStarts[m];
  for (let k = 0; k < nnz; k++) colStarts[colIndex[k] + 1]++;
  for (let j = 0; j < n; j++) colStarts[j + 1] += colStarts[j];
  const fill = colStarts.slice(0, n);
  for (let i = 0; i < m; i++) {
    const end = rowStarts[i + 1];
    for (let k = rowStarts[i]; k < end; k++) {
      const at = fill[colIndex[k]]++;
      colRows[at] = i;
      colValues[at] = values2[k];
    }
  }
}
function gatherColumns(rowStarts, colIndex, values2, m, position, out) {
  for (let i = 0; i < m; i++) {
    const end = rowStarts[i + 1];
    for (let e = rowStarts[i]; e < end; e++) {
      const c = position[colIndex[e]];
      if (c >= 0) out[i * m + c] += values2[e];
    }
  }
}
function dualStep(status, reduced, alpha, step) {
  for (let k = 0; k < status.length; k++) if (status[k] !== BASIC) reduced[k] -= step * alpha[k];
}
function declined(why) {
  return { status: "failed", message: `dual simplex: ${why}` };
}

// src/optimize/highs-solver.ts
import * as highsModule from "highs";
var loadHighs = highsModule.default;
var runtime;
async function createHighsSolver(options = {}) {
  runtime ??= loadHighs();
  const highs = await runtime;
  const timeLimit = options.timeLimitSeconds ?? 30;
  return {
    name: "highs",
    solve(lp) {
      const started = performance.now();
      const model = highs.createModel({
        numCols: lp.colCost.length,
        numRows: lp.rowLower.length,
        sense: lp.sense === "max" ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
        colCost: lp.colCost,
        colLower: lp.colLower.map((v) => v === -Infinity ? -highs.infinity : v),
        colUpper: lp.colUpper.map((v) => v === Infinity ? highs.infinity : v),
        rowLower: lp.rowLower.map((v) => v === -Infinity ? -highs.infinity : v),
        rowUpper: lp.rowUpper.map((v) => v === Infinity ? highs.infinity : v),
        matrix: {
          format: "csr",
          numRows: lp.rowLower.length,
          numCols: lp.colCost.length,
          starts: lp.rowStarts,
          indices: lp.colIndex,
          values: lp.values
        }
      });
      try {
        model.options.set({
          output_flag: false,
          presolve: "off",
          time_limit: timeLimit,
          primal_feasibility_tolerance: 1e-10,
          dual_feasibility_tolerance: 1e-10
        });
        const { modelStatus } = model.run();
        const codes = highs.constants.modelStatus;
        const solveMs = performance.now() - started;
        if (modelStatus === codes.optimal) {
          const solution = model.getSolution();
          return Promise.resolve({ status: "optimal", x: solution.colValue, rowDual: solution.rowDual, colDual: solution.colDual, objective: model.getObjectiveValue(), solveMs });
        }
        if (modelStatus === codes.infeasible) return Promise.resolve({ status: "infeasible", solveMs, message: "HiGHS: infeasible" });
        if (modelStatus === codes.unbounded || modelStatus === codes.unboundedOrInfeasible) {
          return Promise.resolve({ status: "unbounded", solveMs, message: `HiGHS: model status ${modelStatus}` });
        }
        return Promise.resolve({ status: "failed", solveMs, message: `HiGHS: model status ${modelStatus}` });
      } finally {
        model.dispose();
      }
    }
  };
}

// src/strategy/load-strategy.ts
import { createHash as createHash2 } from "node:crypto";
import { existsSync as existsSync4, readFileSync as readFileSync5 } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

// src/strategy/validate-model.ts
var CADENCES = ["day", "week", "month"];
var KINDS = ["time-series", "cross-sectional", "statistical"];
function validateModel(model, factorKeys, seriesNames, add) {
  const isInt = (v, min) => typeof v === "number" && Number.isInteger(v) && v >= min;
  const int = (v, path, min) => {
    if (v !== void 0 && !isInt(v, min)) add(path, `(${String(v)}) must be an integer >= ${min}`);
  };
  if (!KINDS.includes(model.kind)) add("model.kind", `('${String(model.kind)}') must be one of ${KINDS.join(", ")}`);
  if (!CADENCES.includes(model.refitEvery)) add("model.refitEvery", `(${String(model.refitEvery)}) must be one of ${CADENCES.join(", ")}`);
  int(model.seriesLagDays, "model.seriesLagDays", 0);
  const keys = (value, path) => {
    if (value === void 0) return [];
    if (!Array.isArray(value)) {
      add(path, "must be an array of the strategy's factor keys");
      return [];
    }
    return value.flatMap((name, k) => {
      if (typeof name === "string" && factorKeys.includes(name)) return [name];
      add(`${path}[${k}]`, `('${String(name)}') is not one of the strategy's factors (${factorKeys.join(", ")})`);
      return [];
    });
  };
  let modelFactors = [];
  if (model.kind === "time-series") {
    if (model.series !== void 0 && !Array.isArray(model.series)) add("model.series", "must be an array of series names");
    const requested = Array.isArray(model.series) ? model.series : seriesNames;
    const series = requested.flatMap((name, k) => {
      if (typeof name === "string" && seriesNames.includes(name)) return [name];
      add(`model.series[${k}]`, `('${String(name)}') is not a series in the data (series: ${seriesNames.join(", ") || "none"})`);
      return [];
    });
    if (model.market !== void 0 && typeof model.market !== "boolean") add("model.market", "must be true or false");
    modelFactors = [...model.market === false ? [] : ["market"], ...series, ...keys(model.factorPortfolios, "model.factorPortfolios")];
    if (modelFactors.length === 0) add("model", "a time-series model needs at least one factor: market, series or factorPortfolios");
    const est = model.estimator;
    if (est !== void 0) {
      if (est.method !== void 0 && !["ols", "wls", "ridge"].includes(est.method)) add("model.estimator.method", `('${String(est.method)}') must be ols, wls or ridge`);
      positive(est.halfLifeDays, "model.estimator.halfLifeDays", add);
      if (est.ridgeLambda !== void 0 && !(typeof est.ridgeLambda === "number" && est.ridgeLambda >= 0)) add("model.estimator.ridgeLambda", `(${String(est.ridgeLambda)}) must be a number >= 0`);
    }
  } else if (model.kind === "cross-sectional") {
    const styles = keys(model.factors, "model.factors");
    if (styles.length === 0) add("model.factors", "must list at least one of the strategy's factors to use as exposures");
    modelFactors = ["market", ...styles];
    if (model.weighting !== void 0 && !["sqrt-cap", "equal"].includes(model.weighting)) add("model.weighting", `('${String(model.weighting)}') must be 'sqrt-cap' or 'equal'`);
    int(model.horizonDays, "model.horizonDays", 1);
    const h = isInt(model.horizonDays, 1) ? model.horizonDays : 1;
    int(model.neweyWestLags, "model.neweyWestLags", Math.max(0, h - 1));
  } else if (model.kind === "statistical") {
    int(model.components, "model.components", 1);
    int(model.maxComponents, "model.maxComponents", 1);
    const ev = model.explainedVariance;
    if (ev !== void 0 && !(typeof ev === "number" && ev > 0 && ev <= 1)) add("model.explainedVariance", `(${String(ev)}) must be in (0, 1]`);
    const count = isInt(model.components, 1) ? model.components : isInt(model.maxComponents, 1) ? model.maxComponents : 10;
    modelFactors = Array.from({ length: count }, (_, k) => `pc${k + 1}`);
  }
  const fixedCount = model.kind === "statistical" ? isInt(model.components, 1) ? model.components : 1 : modelFactors.length;
  if (!isInt(model.windowDays, fixedCount + 3)) {
    add("model.windowDays", `(${String(model.windowDays)}) must be an integer greater than the number of model factors + 2 (${fixedCount + 2})`);
  }
  int(model.minObservations, "model.minObservations", fixedCount + 2);
  const risk = model.risk;
  if (risk !== void 0) {
    if (risk.method !== void 0 && !["sample", "ewma", "newey-west"].includes(risk.method)) add("model.risk.method", `('${String(risk.method)}') must be sample, ewma or newey-west`);
    if (risk.shrinkage !== void 0 && !["auto", "ledoit-wolf", "none"].includes(risk.shrinkage)) add("model.risk.shrinkage", `('${String(risk.shrinkage)}') must be auto, ledoit-wolf or none`);
    positive(risk.halfLifeDays, "model.risk.halfLifeDays", add);
    int(risk.neweyWestLags, "model.risk.neweyWestLags", 0);
    if (risk.specificVarianceFloor !== void 0 && !(typeof risk.specificVarianceFloor === "number" && risk.specificVarianceFloor >= 0)) {
      add("model.risk.specificVarianceFloor", `(${String(risk.specificVarianceFloor)}) must be a number >= 0`);
    }
  }
  return modelFactors;
}
function positive(v, path, add) {
  if (v !== void 0 && !(typeof v === "number" && Number.isFinite(v) && v > 0)) add(path, `(${String(v)}) must be a positive number`);
}

// src/strategy/validate-portfolio.ts
var OBJECTIVES = ["max-alpha", "min-distance", "min-exposure"];
var POLICIES = ["hold", "relax", "stop"];
function validatePortfolio(portfolio, factorKeys, modelFactors, add) {
  const obj = (v) => typeof v === "object" && v !== null ? v : void 0;
  const number = (v, path, check, expected) => {
    if (v !== void 0 && !(typeof v === "number" && Number.isFinite(v) && check(v))) add(path, `(${String(v)}) must be ${expected}`);
  };
  const names = (value, path, allowed, what) => {
    if (value === void 0) return [];
    if (!Array.isArray(value)) {
      add(path, `must be an array of ${what}`);
      return [];
    }
    return value.flatMap((name, k) => {
      if (typeof name === "string" && allowed.includes(name)) return [name];
      add(`${path}[${k}]`, `('${String(name)}') is not ${what === "factor keys" ? "one of the strategy's factors" : "a model factor"} (${allowed.join(", ")})`);
      return [];
    });
  };
  const targets = (value, path, allowed, what) => {
    if (value === void 0) return;
    const o = obj(value);
    if (o === void 0) return add(path, "must be an object like { momentum: { target: 0.5, band: 0.1 } }");
    for (const [name, t] of Object.entries(o)) {
      if (!allowed.includes(name)) add(`${path}.${name}`, `is not ${what} (${allowed.join(", ")})`);
      const tt = obj(t);
      if (tt === void 0) add(`${path}.${name}`, "must be { target, band? }");
      else {
        number(tt.target, `${path}.${name}.target`, () => true, "a finite number");
        if (tt.target === void 0) add(`${path}.${name}.target`, "is required");
        number(tt.band, `${path}.${name}.band`, (x) => x >= 0, "a number >= 0");
      }
    }
  };
  if (!OBJECTIVES.includes(portfolio.objective)) add("portfolio.objective", `('${String(portfolio.objective)}') must be one of ${OBJECTIVES.join(", ")}`);
  names(portfolio.neutral, "portfolio.neutral", factorKeys, "factor keys");
  names(portfolio.neutralToModel, "portfolio.neutralToModel", modelFactors, "model factors");
  number(portfolio.neutralBand, "portfolio.neutralBand", (x) => x >= 0, "a number >= 0");
  targets(portfolio.tilts, "portfolio.tilts", factorKeys, "one of the strategy's factors");
  targets(portfolio.tiltsToModel, "portfolio.tiltsToModel", modelFactors, "a model factor");
  const minimize = names(portfolio.minimize, "portfolio.minimize", factorKeys, "factor keys");
  const minimizeModel = names(portfolio.minimizeModel, "portfolio.minimizeModel", modelFactors, "model factors");
  if (portfolio.objective === "min-exposure" && minimize.length + minimizeModel.length === 0) add("portfolio.minimize", "is needed by objective 'min-exposure': name the exposures to minimise");
  if (portfolio.longOnly !== void 0 && typeof portfolio.longOnly !== "boolean") add("portfolio.longOnly", "must be true or false");
  if (portfolio.onInfeasible !== void 0 && !POLICIES.includes(portfolio.onInfeasible)) add("portfolio.onInfeasible", `('${String(portfolio.onInfeasible)}') must be one of ${POLICIES.join(", ")}`);
  number(portfolio.targetVolatility, "portfolio.targetVolatility", (x) => x > 0, "a positive annualised volatility (0.1 = 10%)");
  const groups = obj(portfolio.groups);
  if (portfolio.groups !== void 0) {
    if (groups === void 0 || typeof groups.of !== "function") add("portfolio.groups.of", "must be a function (ctx) => one group label per asset");
    else {
      number(groups.minNet, "portfolio.groups.minNet", () => true, "a finite number");
      number(groups.maxNet, "portfolio.groups.maxNet", () => true, "a finite number");
      number(groups.maxGross, "portfolio.groups.maxGross", (x) => x > 0, "a positive number");
    }
  }
  const hedge = obj(portfolio.hedge);
  if (portfolio.hedge !== void 0) {
    if (hedge === void 0) add("portfolio.hedge", "must be { instruments, factors, band?, maxAbsWeight? }");
    else {
      if (!Array.isArray(hedge.instruments) || hedge.instruments.length === 0 || hedge.instruments.some((x) => typeof x !== "string")) add("portfolio.hedge.instruments", "must be a non-empty array of asset ids");
      names(hedge.factors, "portfolio.hedge.factors", modelFactors, "model factors");
      number(hedge.band, "portfolio.hedge.band", (x) => x >= 0, "a number >= 0");
      number(hedge.maxAbsWeight, "portfolio.hedge.maxAbsWeight", (x) => x > 0, "a positive number");
    }
  }
  const limits = obj(portfolio.limits);
  if (limits === void 0) return add("portfolio.limits", "must be an object (gross, net, maxAbsWeight, maxTurnover, \u2026)");
  number(limits.gross, "portfolio.limits.gross", (x) => x > 0, "a positive number");
  number(limits.net, "portfolio.limits.net", () => true, "a finite number");
  number(limits.netBand, "portfolio.limits.netBand", (x) => x >= 0, "a number >= 0");
  number(limits.maxAbsWeight, "portfolio.limits.maxAbsWeight", (x) => x > 0, "a positive number");
  number(limits.minWeight, "portfolio.limits.minWeight", () => true, "a finite number");
  number(limits.maxWeight, "portfolio.limits.maxWeight", () => true, "a finite number");
  number(limits.maxTurnover, "portfolio.limits.maxTurnover", (x) => x > 0, "a positive number");
  number(limits.maxTradeAdv, "portfolio.limits.maxTradeAdv", (x) => x > 0, "a positive fraction of average dollar volume");
  if (typeof limits.minWeight === "number" && typeof limits.maxWeight === "number" && limits.minWeight > limits.maxWeight) {
    add("portfolio.limits.minWeight", `(${limits.minWeight}) must not exceed maxWeight (${limits.maxWeight})`);
  }
  if (portfolio.longOnly === true && typeof limits.net === "number" && limits.net <= 0) add("portfolio.limits.net", `(${limits.net}) must be positive for a long-only portfolio`);
  if (typeof limits.gross === "number" && typeof limits.net === "number" && limits.gross < Math.abs(limits.net)) {
    add("portfolio.limits.gross", `(${limits.gross}) must be at least |net| (${Math.abs(limits.net)}): no weights can satisfy both`);
  }
  if (portfolio.longOnly !== true && limits.gross === void 0 && limits.maxAbsWeight === void 0) add("portfolio.limits", "a long-short portfolio needs gross or maxAbsWeight, or it is unbounded");
}

// src/strategy/validate-strategy.ts
var CADENCES2 = ["day", "week", "month"];
function validateStrategy(value, file, seriesNames) {
  const problems = [];
  const add = (path, detail) => {
    problems.push({ path, detail });
  };
  if (typeof value !== "object" || value === null) {
    throw new StrategyError("invalid-strategy", file, "default export", "must be an object made with defineStrategy({...})");
  }
  const s = value;
  const obj = (v) => typeof v === "object" && v !== null ? v : void 0;
  const positiveInt = (v, path, min = 1) => {
    if (!(typeof v === "number" && Number.isInteger(v) && v >= min)) add(path, `(${String(v)}) must be an integer >= ${min}`);
  };
  const optionalNumber = (v, path, check, expected) => {
    if (v !== void 0 && !(typeof v === "number" && Number.isFinite(v) && check(v))) add(path, `(${String(v)}) must be ${expected}`);
  };
  if (typeof s.name !== "string" || s.name.trim() === "") add("name", "must be a non-empty string");
  if (!CADENCES2.includes(s.rebalance)) add("rebalance", `(${String(s.rebalance)}) must be one of ${CADENCES2.join(", ")}`);
  if (s.executionLagDays !== void 0) positiveInt(s.executionLagDays, "executionLagDays");
  optionalNumber(s.initialNav, "initialNav", (x) => x > 0, "a positive number");
  const factors = obj(s.factors);
  const factorKeys = factors === void 0 ? [] : Object.keys(factors);
  if (factors === void 0) add("factors", "must be an object of factor definitions");
  else {
    for (const key of factorKeys) {
      const f = obj(factors[key]);
      if (f === void 0 || typeof f.compute !== "function" || typeof f.lookbackBars !== "number") {
        add(`factors.${key}`, "must be a factor (e.g. factor.momentum({ lookbackDays: 90 }))");
      }
    }
  }
  if (typeof s.signal !== "function") add("signal", "must be a function (ctx) => Float64Array of scores");
  const model = obj(s.model);
  const modelFactors = model === void 0 ? [] : validateModel(model, factorKeys, seriesNames, add);
  if (model === void 0) add("model", "must be an object like { kind: 'time-series', windowDays: 180, refitEvery: 'month' }");
  const universe = obj(s.universe);
  if (s.universe !== void 0 && universe === void 0) add("universe", "must be an object");
  if (universe !== void 0) {
    if (universe.minHistoryDays !== void 0) positiveInt(universe.minHistoryDays, "universe.minHistoryDays", 0);
    optionalNumber(universe.minMedianDollarVolume, "universe.minMedianDollarVolume", (x) => x >= 0, "a number >= 0");
  }
  const portfolio = obj(s.portfolio);
  if (portfolio === void 0) add("portfolio", "must be an object like { objective: 'max-alpha', limits: {...} }");
  else validatePortfolio(portfolio, factorKeys, modelFactors, add);
  const costs = obj(s.costs);
  if (s.costs !== void 0 && costs === void 0) add("costs", "must be an object");
  if (costs !== void 0) {
    optionalNumber(costs.commissionBps, "costs.commissionBps", (x) => x >= 0, "a number >= 0");
    optionalNumber(costs.halfSpreadBps, "costs.halfSpreadBps", (x) => x >= 0, "a number >= 0");
    if (costs.perAssetBps !== void 0 && typeof costs.perAssetBps !== "function") add("costs.perAssetBps", "must be a function (ctx) => Float64Array of bps per asset");
  }
  const checks = obj(s.dataChecks);
  if (s.dataChecks !== void 0 && checks === void 0) add("dataChecks", "must be an object");
  if (checks !== void 0) {
    const policies = obj(checks.policies);
    if (checks.policies !== void 0 && policies === void 0) add("dataChecks.policies", `must be an object like { split: 'exclude' }`);
    for (const [check, policy] of Object.entries(policies ?? {})) {
      if (!DATA_CHECKS.includes(check)) add(`dataChecks.policies.${check}`, `is not a check (checks: ${DATA_CHECKS.join(", ")})`);
      else if (!CHECK_POLICIES.includes(policy)) add(`dataChecks.policies.${check}`, `('${String(policy)}') must be one of ${CHECK_POLICIES.join(", ")}`);
    }
    optionalNumber(checks.extremeReturn, "dataChecks.extremeReturn", (x) => x > 0, "a positive number");
    if (checks.staleDays !== void 0) positiveInt(checks.staleDays, "dataChecks.staleDays", 2);
    if (checks.gapDays !== void 0) positiveInt(checks.gapDays, "dataChecks.gapDays", 1);
  }
  const params = obj(s.params);
  if (s.params !== void 0 && params === void 0) add("params", "must be an object of value lists");
  if (params !== void 0) {
    for (const [key, values2] of Object.entries(params)) {
      if (!Array.isArray(values2) || values2.length === 0) add(`params.${key}`, "must be a non-empty array of values");
    }
  }
  if (problems.length > 0) {
    const detail = problems.map((p) => `${p.path} ${p.detail}`).join("; ");
    throw new StrategyError("invalid-strategy", file, "", problems.length === 1 ? detail : `${problems.length} problems: ${detail}`);
  }
  return value;
}

// src/strategy/load-strategy.ts
async function loadStrategy(file, seriesNames) {
  const path = resolve(file);
  if (!existsSync4(path)) throw new StrategyError("not-found", file, "", "no such file");
  const source = readFileSync5(path);
  let mod;
  try {
    mod = await import(pathToFileURL(path).href);
  } catch (err) {
    throw new StrategyError("import-failed", file, "", `could not be imported: ${err.message.split("\n")[0]}`);
  }
  if (mod.default === void 0) {
    throw new StrategyError("no-default-export", file, "", "has no default export; end it with `export default defineStrategy({...})`");
  }
  return {
    definition: validateStrategy(mod.default, file, seriesNames),
    file,
    sourceHash: createHash2("sha256").update(source).digest("hex")
  };
}

// scripts/bench/bench-market.ts
import { existsSync as existsSync5, mkdirSync as mkdirSync4 } from "node:fs";
import { join as join4 } from "node:path";

// src/data/synthetic-market.ts
import { createHash as createHash3 } from "node:crypto";

// src/core/random.ts
var Random = class {
  s0;
  s1;
  s2;
  s3;
  spareNormal;
  constructor(seed) {
    let x = seed >>> 0;
    const next = () => {
      x = x + 2654435769 >>> 0;
      let z = x;
      z = Math.imul(z ^ z >>> 16, 2246822507) >>> 0;
      z = Math.imul(z ^ z >>> 13, 3266489909) >>> 0;
      return (z ^ z >>> 16) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }
  /** Uniform on [0, 1). */
  uniform() {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9 >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result / 4294967296;
  }
  /** Integer uniform on [0, n). */
  int(n) {
    return Math.floor(this.uniform() * n);
  }
  /** Standard normal (Marsaglia polar method). */
  normal() {
    if (this.spareNormal !== void 0) {
      const v = this.spareNormal;
      this.spareNormal = void 0;
      return v;
    }
    for (; ; ) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt(-2 * Math.log(s) / s);
        this.spareNormal = v * m;
        return u * m;
      }
    }
  }
  /** Student-t with `dof` degrees of freedom, scaled to unit variance (dof > 2). */
  studentTUnitVariance(dof) {
    let chi2 = 0;
    for (let i = 0; i < dof; i++) {
      const z = this.normal();
      chi2 += z * z;
    }
    const t = this.normal() / Math.sqrt(chi2 / dof);
    return t * Math.sqrt((dof - 2) / dof);
  }
};
function rotl(x, k) {
  return (x << k | x >>> 32 - k) >>> 0;
}

// src/data/synthetic-market.ts
var SYNTHETIC_SERIES = ["inflation_surprise", "rate_change"];
var SYNTHETIC_STYLES = ["size", "momentum", "volatility", "liquidity", "carry"];
function makeDates(start, days, calendar) {
  const out = [];
  let d = start;
  while (out.length < days) {
    const dow = getUTCDay(d);
    if (calendar === "continuous" || dow !== 0 && dow !== 6) out.push(d);
    d = addDays(d, 1);
  }
  return out;
}
function zScoreMasked(x, mask) {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) if (mask[i]) {
    sum += x[i];
    n++;
  }
  if (n < 2) return;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (mask[i]) ss += (x[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1)) || 1;
  for (let i = 0; i < x.length; i++) if (mask[i]) x[i] = (x[i] - mean) / sd;
}
function generateSyntheticMarket(options = {}) {
  const seed = options.seed ?? 7;
  const n = options.assets ?? 150;
  const T = options.days ?? 1461;
  const rng = new Random(seed);
  const dates = makeDates(options.startDate ?? "2021-01-01", T, options.calendar ?? "continuous");
  const assets = Array.from({ length: n }, (_, i) => `A${String(i + 1).padStart(3, "0")}`);
  const firstDay = new Int32Array(n);
  const lastDay = new Int32Array(n).fill(T - 1);
  const lateFraction = options.lateListingFraction ?? 0.25;
  for (let i = 0; i < n; i++) {
    firstDay[i] = rng.uniform() < lateFraction ? 30 + rng.int(Math.max(1, Math.floor(0.6 * T) - 30)) : 0;
  }
  const delistings = Math.min(options.delistings ?? Math.round(n / 12), n);
  const delistReturn = new Float64Array(n).fill(NaN);
  for (let k = 0; k < delistings; k++) {
    const i = rng.int(n);
    const earliest = firstDay[i] + Math.floor(0.3 * T);
    if (earliest >= T - 10 || lastDay[i] < T - 1) continue;
    lastDay[i] = earliest + rng.int(T - 10 - earliest);
    delistReturn[i] = -(0.3 + 0.6 * rng.uniform());
  }
  const betaMarket = new Float64Array(n);
  const betaInflation = new Float64Array(n);
  const betaRate = new Float64Array(n);
  const baseVol = new Float64Array(n);
  const shares = new Float64Array(n);
  const price = new Float64Array(n);
  const turnoverRate = new Float64Array(n);
  const fundingMean = new Float64Array(n);
  const funding = new Float64Array(n);
  const resVar = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    betaMarket[i] = 1 + 0.35 * rng.normal();
    betaInflation[i] = -4e-3 + 4e-3 * rng.normal();
    betaRate[i] = -1e-3 + 12e-4 * rng.normal();
    const logCap = Math.log(1e7) + rng.uniform() * Math.log(1e4);
    price[i] = Math.exp(Math.log(0.5) + rng.uniform() * Math.log(2e3));
    shares[i] = Math.exp(logCap) / price[i];
    baseVol[i] = 0.05 - 0.03 * ((logCap - Math.log(1e7)) / Math.log(1e4)) + 5e-3 * rng.normal();
    baseVol[i] = Math.max(0.01, baseVol[i]);
    resVar[i] = baseVol[i] ** 2;
    turnoverRate[i] = 5e-3 + 0.08 * rng.uniform();
    fundingMean[i] = 1e-4 + 2e-4 * rng.normal();
    funding[i] = fundingMean[i];
  }
  const close = new Float64Array(T * n).fill(NaN);
  const volume = new Float64Array(T * n).fill(NaN);
  const marketCap = new Float64Array(T * n).fill(NaN);
  const fundingRate = new Float64Array(T * n).fill(NaN);
  const delisting = new Float64Array(T * n).fill(NaN);
  const logPrice = new Float64Array(T * n).fill(NaN);
  const factorNames = ["market", ...SYNTHETIC_SERIES, ...SYNTHETIC_STYLES];
  const factorReturns = new Map(factorNames.map((f) => [f, new Float64Array(T)]));
  const regime = new Uint8Array(T);
  const inflation = new Float64Array(T);
  const rates = new Float64Array(T);
  const garchAlpha = 0.08;
  const garchBeta = 0.9;
  const marketVolCalm = 0.025;
  let marketVar = marketVolCalm ** 2;
  let lastMarketShock = 0;
  let state = 0;
  const listed = new Uint8Array(n);
  const exposure = SYNTHETIC_STYLES.map(() => new Float64Array(n));
  const missingRate = options.missingRate ?? 2e-3;
  for (let t = 0; t < T; t++) {
    if (t > 0) state = state === 0 ? rng.uniform() < 1 / 250 ? 1 : 0 : rng.uniform() < 1 / 60 ? 0 : 1;
    regime[t] = state;
    const stress = state === 1;
    for (let i = 0; i < n; i++) listed[i] = t >= firstDay[i] && t <= lastDay[i] ? 1 : 0;
    for (let i = 0; i < n; i++) {
      if (!listed[i]) continue;
      exposure[0][i] = Math.log(shares[i] * price[i]);
      const back = t - 5;
      const from = Math.max(firstDay[i], t - 65);
      exposure[1][i] = back > from ? logPrice[(back - 1) * n + i] - logPrice[from * n + i] : 0;
      exposure[2][i] = Math.sqrt(resVar[i]);
      exposure[3][i] = Math.log(shares[i] * price[i] * turnoverRate[i]);
      exposure[4][i] = funding[i];
    }
    for (const x of exposure) zScoreMasked(x, listed);
    marketVar = marketVolCalm ** 2 * (1 - garchAlpha - garchBeta) + garchAlpha * lastMarketShock ** 2 + garchBeta * marketVar;
    const mVol = Math.sqrt(marketVar) * (stress ? 1.8 : 1);
    lastMarketShock = Math.sqrt(marketVar) * rng.studentTUnitVariance(5);
    const fMarket = (stress ? -3e-3 : 1e-3) + lastMarketShock * (mVol / Math.sqrt(marketVar));
    inflation[t] = Math.round(rng.studentTUnitVariance(5) * 1e4) / 1e4;
    rates[t] = Math.round(5 * rng.studentTUnitVariance(5) * 1e3) / 1e3;
    const styleMeans = stress ? [2e-4, -25e-4, -5e-4, 3e-4, -3e-4] : [-2e-4, 8e-4, -2e-4, -2e-4, -3e-4];
    const styleReturns = styleMeans.map((mu) => mu + 4e-3 * rng.normal());
    factorReturns.get("market")[t] = fMarket;
    factorReturns.get("inflation_surprise")[t] = inflation[t];
    factorReturns.get("rate_change")[t] = rates[t];
    SYNTHETIC_STYLES.forEach((s, k) => factorReturns.get(s)[t] = styleReturns[k]);
    for (let i = 0; i < n; i++) {
      if (!listed[i]) continue;
      const cell = t * n + i;
      let r = 0;
      if (t > firstDay[i]) {
        const h = resVar[i];
        const shock = Math.sqrt(h) * (stress ? 1.5 : 1) * rng.studentTUnitVariance(4);
        resVar[i] = baseVol[i] ** 2 * (1 - garchAlpha - garchBeta) + garchAlpha * (shock * shock) / (stress ? 2.25 : 1) + garchBeta * h;
        r = betaMarket[i] * fMarket + betaInflation[i] * inflation[t] + betaRate[i] * rates[t] + shock;
        for (let k = 0; k < SYNTHETIC_STYLES.length; k++) r += exposure[k][i] * styleReturns[k];
        if (rng.uniform() < 1e-3) r += -0.05 + 0.15 * rng.normal();
        r = Math.max(r, -0.9);
        price[i] *= 1 + r;
      }
      funding[i] = 0.95 * funding[i] + 0.05 * fundingMean[i] + 1e-4 * rng.normal();
      logPrice[cell] = Math.log(price[i]);
      const dollarVolume = shares[i] * price[i] * turnoverRate[i] * Math.exp(0.5 * rng.normal()) * (1 + 3 * Math.abs(r) / baseVol[i]);
      const edge = t === firstDay[i] || t === lastDay[i];
      close[cell] = !edge && rng.uniform() < missingRate ? NaN : roundSignificant(price[i], 6);
      volume[cell] = roundSignificant(dollarVolume / price[i], 3);
      marketCap[cell] = roundSignificant(shares[i] * price[i], 4);
      fundingRate[cell] = Math.round(funding[i] * 1e6) / 1e6;
      if (t === lastDay[i] && !Number.isNaN(delistReturn[i])) delisting[cell] = Math.round(delistReturn[i] * 1e4) / 1e4;
    }
  }
  const panel = new Panel(dates, assets, /* @__PURE__ */ new Map([
    ["close", close],
    ["volume", volume],
    ["market_cap", marketCap],
    ["funding_rate", fundingRate],
    ["delisting_return", delisting]
  ]));
  const series = new SeriesSet(dates, /* @__PURE__ */ new Map([
    ["inflation_surprise", inflation],
    ["rate_change", rates]
  ]));
  const fingerprint = createHash3("sha256").update(`synthetic:${JSON.stringify({ ...options, seed, n, T })}`).digest("hex");
  return {
    market: { panel, series, fingerprint, source: `synthetic(seed=${seed})` },
    truth: { betaMarket, betaInflation, betaRate, factorReturns, regime }
  };
}
function roundSignificant(x, digits) {
  return Number(x.toPrecision(digits));
}

// src/data/write-market-csv.ts
import { mkdirSync as mkdirSync3, writeFileSync as writeFileSync2 } from "node:fs";
import { join as join3 } from "node:path";
function formatNumber(x) {
  if (Number.isNaN(x)) return "";
  const s = String(x);
  if (Math.abs(x) >= 1e5 && Number.isInteger(x)) {
    const exp = x.toExponential().replace("e+", "e");
    return exp.length < s.length ? exp : s;
  }
  return s;
}
function writeMarketCsv(dir, market) {
  mkdirSync3(dir, { recursive: true });
  const { panel, series } = market;
  const fields = panel.fieldNames;
  const arrays = fields.map((f) => panel.field(f));
  const n = panel.assets.length;
  const lines = [`date,asset,${fields.join(",")}`];
  panel.dates.forEach((date, t) => {
    for (let i = 0; i < n; i++) {
      const cells = arrays.map((a) => formatNumber(a[t * n + i]));
      if (cells.every((c) => c === "")) continue;
      lines.push(`${date},${panel.assets[i]},${cells.join(",")}`);
    }
  });
  writeFileSync2(join3(dir, "prices.csv"), `${lines.join("\n")}
`);
  if (series.names.length > 0) {
    const cols = series.names.map((s) => series.get(s));
    const seriesLines = [`date,${series.names.join(",")}`];
    series.dates.forEach((date, t) => seriesLines.push(`${date},${cols.map((c) => formatNumber(c[t])).join(",")}`));
    writeFileSync2(join3(dir, "series.csv"), `${seriesLines.join("\n")}
`);
  }
}

// scripts/bench/bench-market.ts
var DAYS = 3650;
function marketDir(n) {
  const dir = join4("runs", "bench-data", `n${n}-d${DAYS}`);
  if (!existsSync5(join4(dir, "prices.csv"))) {
    mkdirSync4(dir, { recursive: true });
    writeMarketCsv(dir, generateSyntheticMarket({ seed: 2026, assets: n, days: DAYS }).market);
  }
  return dir;
}

// scripts/bench/scale.ts
var { values } = parseArgs({
  options: { n: { type: "string" }, repeat: { type: "string", default: "3" }, "node-defaults": { type: "boolean", default: false }, child: { type: "boolean", default: false }, "csv-only": { type: "boolean", default: false }, writer: { type: "string", default: "thread" } }
});
var SEMI_SPACE_MIB = 8;
var MALLOC_ARENAS = "2";
function measureCsv(n) {
  const started = performance.now();
  loadMarket(marketDir(n), { cache: false });
  return { csvMs: performance.now() - started, csvPeakMiB: process.resourceUsage().maxRSS / 1024 };
}
async function measure(n) {
  const dir = marketDir(n);
  const loadStarted = performance.now();
  const market = loadMarket(dir);
  const loadMs = performance.now() - loadStarted;
  const strategy = await loadStrategy("scripts/bench/scale-strategy.ts", market.series.names);
  const db = openDatabase(join5(mkdtempSync(join5(tmpdir(), "factorlab-bench-")), "bench.sqlite"));
  const timings = emptyTimings();
  const started = performance.now();
  const result = await runStrategy({ strategy, market, db, solvers: [createDualSimplexSolver(), await createHighsSolver()], timings, writer: values.writer === "direct" ? "direct" : "thread" });
  const runMs = performance.now() - started;
  const rows = db.prepare(`SELECT (SELECT count(*) FROM daily) + (SELECT count(*) FROM holdings) + (SELECT count(*) FROM trades) + (SELECT count(*) FROM targets)
    + (SELECT count(*) FROM fit_loadings) + (SELECT count(*) FROM fit_assets) + (SELECT count(*) FROM fit_factor_returns) + (SELECT count(*) FROM attribution) + (SELECT count(*) FROM events) AS n`).get().n;
  db.close();
  const other = runMs - Object.values(timings).reduce((a, b) => a + b, 0);
  return {
    stages: {
      "load (panel cache)": loadMs,
      "factors, signal, problem": timings.factors,
      fits: timings.fits,
      "optimisation (LP)": timings.optimisation,
      accounting: timings.accounting,
      "storage (SQLite)": timings.storage,
      diagnostics: timings.diagnostics,
      "other (data checks, setup)": other
    },
    totalMs: loadMs + runMs,
    rebalances: result.rebalances,
    solves: result.solveMs.length,
    solverMs: result.solveMs.reduce((a, b) => a + b, 0),
    sharpe: result.summary.sharpe,
    rows,
    writerMs: result.storage.writerMs,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    rawMiB: market.panel.fieldNames.length * market.panel.dates.length * n * 8 / 2 ** 20
  };
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function child(n, csvOnly) {
  const run = spawnSync(process.execPath, [...values["node-defaults"] ? [] : [`--max-semi-space-size=${SEMI_SPACE_MIB}`], "--import", "tsx", "scripts/bench/scale.ts", "--child", "--n", String(n), "--writer", String(values.writer), ...csvOnly ? ["--csv-only"] : []], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: values["node-defaults"] ? process.env : { ...process.env, MALLOC_ARENA_MAX: MALLOC_ARENAS }
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  return JSON.parse(run.stdout.trim().split("\n").pop());
}
function report(n, runs) {
  const first = runs[0];
  const spread = (pick, digits = 2, unit = 1e3) => {
    const xs = runs.map(pick);
    const fmt = (x) => (x / unit).toFixed(digits);
    return `${fmt(median(xs)).padStart(7)}${runs.length > 1 ? `  (${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))})` : ""}`;
  };
  console.log(`
N=${n} \xD7 3650 bars: ${first.rebalances} rebalances, Sharpe ${first.sharpe.toFixed(3)}; median of ${runs.length} runs (min-max)`);
  console.log(`  ${"total".padEnd(30)} ${spread((m) => m.totalMs)} s`);
  for (const stage of Object.keys(first.stages)) console.log(`  ${stage.padEnd(30)} ${spread((m) => m.stages[stage])} s`);
  console.log(`  ${"LP stage per rebalance".padEnd(30)} ${spread((m) => m.stages["optimisation (LP)"] / m.rebalances, 1, 1)} ms`);
  console.log(`  ${"  of which HiGHS solving".padEnd(30)} ${spread((m) => m.solverMs)} s (model load, solve, solution)`);
  const where = values.writer === "direct" ? "on the engine thread (within storage)" : "by the writer thread (overlapping the stages above)";
  console.log(`  ${"SQLite rows written".padEnd(30)} ${first.rows} ${where} in ${spread((m) => m.writerMs)} s: ${spread((m) => m.rows / m.writerMs, 2, 1e3)} M rows/s`);
  console.log(`  ${"peak RSS".padEnd(30)} ${spread((m) => m.peakMiB, 0, 1)} MiB; raw panel ${first.rawMiB.toFixed(0)} MiB (fields \xD7 bars \xD7 assets \xD7 8 B); ratio ${(median(runs.map((m) => m.peakMiB)) / first.rawMiB).toFixed(2)}\xD7`);
  console.log(`  ${"CSV parse, no cache".padEnd(30)} ${spread((m) => m.csvMs)} s; peak RSS ${spread((m) => m.csvPeakMiB, 0, 1)} MiB`);
}
if (values.child) {
  const n = Number(values.n);
  console.log(JSON.stringify(values["csv-only"] ? measureCsv(n) : await measure(n)));
} else {
  const sizes = values.n === void 0 ? [250, 500, 1e3] : [Number(values.n)];
  const repeat = Number(values.repeat);
  console.log(`memory settings: ${values["node-defaults"] ? "Node's and glibc's defaults" : `--max-semi-space-size=${SEMI_SPACE_MIB}, MALLOC_ARENA_MAX=${MALLOC_ARENAS}`}`);
  console.log(`scale benchmark on ${process.version}, ${(await import("node:os")).cpus().length} cores (${(await import("node:os")).cpus()[0]?.model ?? "unknown CPU"})`);
  for (const n of sizes) {
    loadMarket(marketDir(n));
    const runs = Array.from({ length: repeat }, () => ({ ...child(n, false), ...child(n, true) }));
    report(n, runs);
  }
}
