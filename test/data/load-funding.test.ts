import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Panel } from '../../src/core/panel.js';
import { loadFundingCsv, parseEventTime } from '../../src/data/load-funding.js';
import { loadMarket } from '../../src/data/load-market.js';
import { fundingFromFile } from '../../src/engine/holding-costs.js';
import { Ledger } from '../../src/engine/ledger.js';
import { dataErrorOf } from '../helpers/data-error.js';

const DAYS = ['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08'];
const ASSETS = ['BTC-PERP', 'ETH-PERP', 'SOL-PERP'];

function panel(dates = DAYS): Panel {
  return new Panel(dates, ASSETS, new Map([['close', new Float64Array(dates.length * ASSETS.length).fill(60_000)]]));
}

/** Events every `hours` for `asset` from 2024-03-01 00:00 UTC (exclusive) to 2024-03-09 00:00 (inclusive), as an exchange exports them. */
function events(asset: string, hours: number, rate: number, epoch = false): string[] {
  const rows: string[] = [];
  for (let t = Date.parse('2024-03-01T00:00:00Z') + hours * 3_600_000; t <= Date.parse('2024-03-09T00:00:00Z'); t += hours * 3_600_000) {
    rows.push(`${epoch ? t : new Date(t).toISOString()},"${asset}",${rate}`);
  }
  return rows;
}

function file(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'funding-'));
  const path = join(dir, 'funding.csv');
  writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
  return path;
}

describe('funding.csv: timestamped funding events on the bar calendar', () => {
  it('puts each asset at its own interval: 3 events a day at 8 h, 24 at 1 h, 6 at 4 h, whatever the time format', () => {
    const path = file(['"time","symbol","fundingRate"', ...events('BTC-PERP', 8, 0.0001), ...events('ETH-PERP', 1, 0.00001, true), ...events('SOL-PERP', 4, -0.00002)]);
    const { funding, notices } = loadFundingCsv(path, panel());
    const at = (t: number, i: number): [number, number] => [funding.events[t * 3 + i], funding.perBar[t * 3 + i]];
    for (let t = 0; t < DAYS.length; t++) {
      expect(at(t, 0)[0]).toBe(3);
      expect(at(t, 0)[1]).toBeCloseTo(0.0003, 15);
      expect(at(t, 1)[0]).toBe(24);
      expect(at(t, 2)[0]).toBe(6);
      expect(at(t, 2)[1]).toBeCloseTo(-0.00012, 15);
    }
    expect(funding.placed).toBe(8 * (3 + 24 + 6));
    expect(notices[0]).toMatch(/264 funding event\(s\) put on the bar calendar/);
  });

  it('gives a bar the events after 00:00 UTC of its date up to 00:00 of the next, and weekend events to Monday on a weekday calendar', () => {
    const path = file(['time,asset,rate', '2024-03-07T00:00:00Z,BTC-PERP,1', '2024-03-07T00:00:01Z,BTC-PERP,2', '2024-03-08T00:00:00Z,BTC-PERP,4', '2024-03-09T08:00:00Z,BTC-PERP,8', '2024-03-10 16:00,BTC-PERP,16']);
    const { funding, notices } = loadFundingCsv(path, panel(['2024-03-07', '2024-03-08', '2024-03-11']));
    // 03-07 00:00 closes 03-06, before the data; 00:00:01 and 03-08 00:00 are bar 03-07; the weekend's go to Monday.
    expect(Array.from({ length: 3 }, (_, t) => funding.perBar[t * 3])).toEqual([6, 0, 24]);
    expect(notices.join(' ')).toMatch(/1 event\(s\) before the first bar or after the last left out/);
  });

  it('books it: a 1-unit short of BTC at $60,000 for 7 days at +0.01% per 8 h receives $126', () => {
    const market = { panel: panel(), series: undefined as never, fingerprint: 'x', source: 'test', funding: loadFundingCsv(file(['time,asset,rate', ...events('BTC-PERP', 8, 0.0001)]), panel()).funding };
    const term = fundingFromFile(market, 'test');
    const ledger = new Ledger(3, 1_000_000);
    ledger.rebalance(ASSETS, Float64Array.of(-60_000 / 1_000_000, 0, 0), Uint8Array.of(1, 1, 1), []);
    const pnl = new Float64Array(3);
    let total = 0;
    for (let t = 1; t <= 7; t++) total += term.realised({ positions: ledger.positions, cash: ledger.cash }, t, pnl);
    expect(total).toBeCloseTo(126, 9);
  });

  it('says which events it left out: assets not in the prices', () => {
    const { notices } = loadFundingCsv(file(['time,asset,rate', ...events('DOGE-PERP', 8, 0.0001), ...events('BTC-PERP', 8, 0.0001)]), panel());
    expect(notices.join(' ')).toMatch(/24 event\(s\) of 1 asset\(s\) not in the prices left out \(DOGE-PERP\)/);
  });

  it('refuses bad rows with the file, row and column', () => {
    const bad = (lines: string[]): string => dataErrorOf(() => loadFundingCsv(file(lines), panel())).message;
    expect(bad(['when,asset,rate', '2024-03-01T08:00Z,BTC-PERP,0.1'])).toMatch(/funding\.csv.*no event time column.*expected time,asset,rate/);
    expect(bad(['time,asset,rate', '2024-03-01,BTC-PERP,0.1'])).toMatch(/funding\.csv:2 column 'time': '2024-03-01' is not an event time; expected ISO 8601 with a time/);
    expect(bad(['time,asset,rate', '2024-03-01T08:00Z,BTC-PERP,0.1', '2024-03-01T08:00:00Z,BTC-PERP,0.2'])).toMatch(/funding\.csv:3 .*a second event for BTC-PERP at 2024-03-01T08:00:00.000Z/);
    expect(bad(['time,asset,rate', '2024-03-01T08:00Z,BTC-PERP,'])).toMatch(/funding\.csv:2 .*the rate of BTC-PERP's event is blank/);
  });

  it('reads times as UTC unless they say otherwise', () => {
    expect(parseEventTime('2024-03-01T08:00:00+02:00', 'f', 2, 'time')).toBe(Date.parse('2024-03-01T06:00:00Z'));
    expect(parseEventTime('2024-03-01 08:00', 'f', 2, 'time')).toBe(Date.parse('2024-03-01T08:00:00Z'));
    expect(parseEventTime('1709280000', 'f', 2, 'time')).toBe(1709280000000);
  });

  it('is read with the market when present, and is in its fingerprint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'market-'));
    writeFileSync(join(dir, 'prices.csv'), ['date,asset,close', ...DAYS.flatMap((d) => ASSETS.map((a) => `${d},${a},100`))].join('\n') + '\n');
    const without = loadMarket(dir, { cache: false });
    writeFileSync(join(dir, 'funding.csv'), ['time,asset,rate', ...events('BTC-PERP', 8, 0.0001)].join('\n') + '\n');
    const withFile = loadMarket(dir, { cache: false });
    expect(without.funding).toBeUndefined();
    expect(withFile.funding?.placed).toBe(24);
    expect(withFile.fingerprint).not.toBe(without.fingerprint);
    expect(withFile.notices?.join(' ')).toMatch(/funding event\(s\) put on the bar calendar/);
  });
});
