import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Labels, Panel } from '../core/panel.js';

const MAGIC = 'FLPANEL2';
const DIRECTORY = '.factorlab-cache';

/** What a cached panel was parsed from: the files' sizes and modification times (as git and make trust them). */
export interface CacheKey {
  readonly files: ReadonlyArray<{ readonly file: string; readonly size: number; readonly mtimeMs: number }>;
}

/** The key of a set of files as they are now. */
export function cacheKey(files: readonly string[]): CacheKey {
  return {
    files: files.map((file) => {
      const stat = statSync(file);
      return { file: basename(file), size: stat.size, mtimeMs: stat.mtimeMs };
    }),
  };
}

interface Header {
  readonly key: CacheKey;
  readonly fingerprint: string;
  readonly dates: readonly string[];
  readonly assets: readonly string[];
  readonly fields: readonly string[];
  readonly labels: ReadonlyArray<{ readonly name: string; readonly categories: readonly string[] }>;
}

function cacheFile(pricesFile: string): string {
  return join(dirname(pricesFile), DIRECTORY, `${basename(pricesFile)}.panel`);
}

/**
 * The panel parsed earlier from `pricesFile`, and the market fingerprint
 * computed then, when the cache file exists and its key (file sizes and
 * modification times) still matches; otherwise undefined.
 * Layout: `FLPANEL1`, a uint32 header length, the JSON header, padding to 8
 * bytes, then each field's `dates × assets` doubles, then each label field's
 * `dates × assets` int32 codes (little-endian).
 */
export function readPanelCache(pricesFile: string, key: CacheKey): { panel: Panel; fingerprint: string } | undefined {
  const file = cacheFile(pricesFile);
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Header;
  if (JSON.stringify(header.key) !== JSON.stringify(key)) return undefined;
  const cells = header.dates.length * header.assets.length;
  let offset = Math.ceil((12 + headerLength) / 8) * 8;
  if (bytes.length !== offset + header.fields.length * cells * 8 + header.labels.length * cells * 4) return undefined;
  const values = new Map<string, Float64Array>();
  for (const name of header.fields) {
    const start = bytes.byteOffset + offset;
    values.set(name, start % 8 === 0 ? new Float64Array(bytes.buffer, start, cells) : new Float64Array(bytes.buffer.slice(start, start + cells * 8)));
    offset += cells * 8;
  }
  const labels = new Map<string, Labels>();
  for (const { name, categories } of header.labels) {
    labels.set(name, new Labels(categories, new Int32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + cells * 4))));
    offset += cells * 4;
  }
  return { panel: new Panel(header.dates, header.assets, values, labels), fingerprint: header.fingerprint };
}

/**
 * Write the cache beside the data (`<dir>/.factorlab-cache/`), through a
 * temporary file and a rename so a reader never sees half a file. A data
 * directory that cannot be written to is left alone: the cache is an optimisation.
 */
export function writePanelCache(pricesFile: string, key: CacheKey, panel: Panel, fingerprint: string): void {
  const file = cacheFile(pricesFile);
  const labels = panel.labelNames.map((name) => ({ name, categories: panel.label(name).categories }));
  const header: Header = { key, fingerprint, dates: panel.dates, assets: panel.assets, fields: panel.fieldNames, labels };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const dataOffset = Math.ceil((12 + json.length) / 8) * 8;
  const cells = panel.dates.length * panel.assets.length;
  const out = Buffer.alloc(dataOffset + header.fields.length * cells * 8 + labels.length * cells * 4);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  header.fields.forEach((name, k) => {
    const field = panel.field(name);
    Buffer.from(field.buffer, field.byteOffset, field.byteLength).copy(out, dataOffset + k * cells * 8);
  });
  labels.forEach(({ name }, k) => {
    const codes = panel.label(name).codes;
    Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).copy(out, dataOffset + header.fields.length * cells * 8 + k * cells * 4);
  });
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, out);
    renameSync(temporary, file);
  } catch {
    // A read-only data directory: no cache, nothing else changes.
  }
}
