import { DataError } from '../core/errors.js';
import type { FundingEvents } from '../core/funding-events.js';
import type { Panel } from '../core/panel.js';
import { headerExcerpt } from './csv-cells.js';
import { isMissingCell, parseNumberCell, readCsv } from './csv-lines.js';

const TIME_COLUMNS = ['time', 'timestamp', 'funding_time', 'fundingtime'];
const ASSET_COLUMNS = ['asset', 'symbol'];
const RATE_COLUMNS = ['rate', 'funding_rate', 'fundingrate'];
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parse an event time: ISO 8601 with a time (`2024-03-01T08:00:00Z`; no zone means UTC; a space may
 * replace the `T`) or epoch milliseconds (13 digits, as exchanges export) or seconds (10 digits).
 * @throws DataError naming the row and the accepted forms
 */
export function parseEventTime(cell: string, file: string, line: number, column: string): number {
  const text = cell.trim();
  if (/^\d{13}$/.test(text)) return Number(text);
  if (/^\d{10}$/.test(text)) return Number(text) * 1000;
  const m = ISO_TIME.exec(text);
  const ms = m === null ? NaN : Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${m[8] === undefined ? 'Z' : m[8].toUpperCase() === 'Z' ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8]}`);
  if (!Number.isFinite(ms)) {
    throw new DataError('bad-time', { file, line, column }, `'${text.slice(0, 40)}' is not an event time; expected ISO 8601 with a time (2024-03-01T08:00:00Z, UTC when no zone) or epoch milliseconds`);
  }
  return ms;
}

/**
 * A timestamped funding file (`time,asset,rate`, one row per funding event, at each asset's own
 * interval: 1 h, 4 h, 8 h, …) put on the bar calendar. A bar dated D closes at 24:00 UTC of D, so it
 * carries the events in (00:00 D, 00:00 D+1]; an event falling between two bars of the calendar
 * (a weekend on a weekday calendar) goes to the next bar, whose close is the first after it. Events
 * of assets not in the prices, and before the first or after the last bar, are left out and said.
 * @throws DataError naming the file, row and column for a missing column, a bad time or rate, or an event given twice
 */
export function loadFundingCsv(file: string, panel: Panel): { funding: FundingEvents; notices: string[] } {
  const csv = readCsv(file);
  const header = csv.header.map((h) => h.trim().toLowerCase());
  const find = (names: readonly string[], what: string): number => {
    const k = header.findIndex((h) => names.includes(h));
    if (k < 0) throw new DataError('missing-column', { file, line: 1, column: names[0] }, `no ${what} column (header: ${headerExcerpt(csv.header)}); expected time,asset,rate (or ${names.join(' / ')})`);
    return k;
  };
  const timeCol = find(TIME_COLUMNS, 'event time');
  const assetCol = find(ASSET_COLUMNS, 'asset');
  const rateCol = find(RATE_COLUMNS, 'funding rate');
  const n = panel.assets.length;
  const T = panel.dates.length;
  const assetIndex = new Map(panel.assets.map((a, i) => [a, i]));
  // Bar t's period ends at 00:00 UTC of the day after its date.
  const closes = panel.dates.map((d) => Date.parse(`${d}T00:00:00Z`) + 86_400_000);
  const perBar = new Float64Array(T * n);
  const events = new Float64Array(T * n);
  const seen = new Set<string>();
  const unknown = new Set<string>();
  let unknownEvents = 0;
  let outside = 0;
  let placed = 0;
  for (const { line, cells } of csv.rows) {
    const asset = cells[assetCol].trim();
    const time = parseEventTime(cells[timeCol], file, line, csv.header[timeCol]);
    if (isMissingCell(cells[rateCol])) throw new DataError('missing-value', { file, line, column: csv.header[rateCol] }, `the rate of ${asset}'s event is blank; give the rate or remove the row`);
    const rate = parseNumberCell(cells[rateCol], file, line, csv.header[rateCol]);
    const key = `${asset}\0${time}`;
    if (seen.has(key)) throw new DataError('duplicate-row', { file, line, column: csv.header[timeCol] }, `a second event for ${asset} at ${new Date(time).toISOString()}; each funding event once`);
    seen.add(key);
    const i = assetIndex.get(asset);
    if (i === undefined) {
      unknown.add(asset);
      unknownEvents++;
      continue;
    }
    // The first bar whose close is at or after the event.
    let lo = 0;
    let hi = T;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (closes[mid] < time) lo = mid + 1;
      else hi = mid;
    }
    if (lo === T || time <= closes[0] - 86_400_000) {
      outside++;
      continue;
    }
    perBar[lo * n + i] += rate;
    events[lo * n + i] += 1;
    placed++;
  }
  const notices = [`${file}: ${placed} funding event(s) put on the bar calendar, each at its own time (a bar dated D carries the events after 00:00 UTC of D up to 00:00 UTC of D+1)`];
  if (unknownEvents > 0) notices.push(`${file}: ${unknownEvents} event(s) of ${unknown.size} asset(s) not in the prices left out (${[...unknown].slice(0, 5).join(', ')}${unknown.size > 5 ? ', …' : ''})`);
  if (outside > 0) notices.push(`${file}: ${outside} event(s) before the first bar or after the last left out`);
  return { funding: { file, perBar, events, placed }, notices };
}
