/**
 * Writes the walkthrough's small fixtures (docs/data.md, "A real-data
 * walkthrough"), shaped like real downloads, deterministically:
 * - `data/walkthrough/stocks/`: one Yahoo-style file per ticker (`Date,Open,
 *   High,Low,Close,Adj Close,Volume`, CRLF, US holidays missing, one ticker
 *   listed late), `Close` as traded with a 3-for-2 split on a falling day,
 *   `actions.csv` with that split and two dividends, and `series.csv` as R's
 *   write.csv gives a Fama-French daily file (quoted, percent, with RF);
 * - `data/walkthrough/crypto/prices.csv`: an exchange's daily closes with
 *   funding, as a spreadsheet saves it (UTF-8 BOM, quoted header and sectors,
 *   a blank market_cap column), every calendar day.
 *
 * Usage: npx tsx scripts/make-walkthrough-data.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, formatISO } from 'date-fns';
import { Random } from '../src/core/random.js';

const root = join(import.meta.dirname, '..', 'data', 'walkthrough');
const rng = new Random(2024);
const iso = (d: Date): string => formatISO(d, { representation: 'date' });

/** NYSE full-day holidays of 2022-2023 (the days a download skips besides weekends). */
const HOLIDAYS = new Set([
  '2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26',
  '2023-01-02', '2023-01-16', '2023-02-20', '2023-04-07', '2023-05-29', '2023-06-19', '2023-07-04',
]);

function tradingDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T12:00:00`); iso(d) <= to; d = addDays(d, 1)) {
    const day = d.getDay();
    if (day !== 0 && day !== 6 && !HOLIDAYS.has(iso(d))) out.push(iso(d));
  }
  return out;
}

function stocks(): void {
  const dir = join(root, 'stocks');
  mkdirSync(dir, { recursive: true });
  const days = tradingDays('2022-01-03', '2023-06-30');
  // Daily factor returns in percent, as Kenneth French's library gives them.
  const ff = days.map(() => ({ mkt: 0.03 + 1.2 * rng.normal(), smb: 0.5 * rng.normal(), hml: 0.6 * rng.normal() }));
  const rf = days.map((d) => (d < '2022-06-01' ? 0.0004 : d < '2023-01-01' ? 0.008 : 0.018));
  const tickers = [
    { id: 'ALFA', beta: [1.1, -0.2, 0.3], start: 0 },
    { id: 'BRVO', beta: [0.9, 0.4, -0.1], start: 0 },
    { id: 'CHRL', beta: [1.3, 0.1, -0.5], start: 0 },
    { id: 'DLTA', beta: [0.7, 0.6, 0.8], start: 0 },
    { id: 'ECHO', beta: [1.0, -0.4, 0.2], start: 0 },
    { id: 'FXTR', beta: [1.2, 0.8, -0.3], start: 0 },
    { id: 'GOLF', beta: [0.8, -0.1, 0.6], start: 0 },
    { id: 'HTEL', beta: [1.05, 0.3, 0.1], start: 60 },
  ];
  // DLTA splits 3-for-2 on a day the market falls about 3%; BRVO and GOLF pay dividends.
  const splitDay = days.indexOf('2022-09-13');
  ff[splitDay].mkt = -3.2;
  const dividends = new Map([['BRVO|2022-11-10', 0.82], ['GOLF|2023-02-15', 0.55]]);
  for (const t of tickers) {
    const rows: number[][] = [];
    let close = 40 + 80 * rng.uniform();
    let adjusted = close;
    for (let s = t.start; s < days.length; s++) {
      const f = ff[s];
      const pct = rf[s] + t.beta[0] * (f.mkt - rf[s]) + t.beta[1] * f.smb + t.beta[2] * f.hml + 0.9 * rng.normal();
      const dividend = dividends.get(`${t.id}|${days[s]}`) ?? 0;
      const split = t.id === 'DLTA' && s === splitDay ? 1.5 : 1;
      const total = 1 + pct / 100;
      if (s > t.start) {
        // Total return: split × (close + dividend) / previous close = 1 + pct.
        close = (close * total) / split - dividend;
        adjusted *= total;
      }
      const open = close * (1 + 0.004 * rng.normal());
      const high = Math.max(open, close) * (1 + 0.006 * rng.uniform());
      const low = Math.min(open, close) * (1 - 0.006 * rng.uniform());
      const volume = Math.round(2e6 * (0.5 + rng.uniform()));
      rows.push([s, open, high, low, close, adjusted, volume]);
    }
    // Adj Close is back-adjusted, as vendors publish it: equal to Close on the last day, earlier levels scaled.
    const last = rows[rows.length - 1];
    const scale = last[4] / last[5];
    const lines = ['Date,Open,High,Low,Close,Adj Close,Volume', ...rows.map(([s, open, high, low, c, adj, volume]) => [days[s], ...[open, high, low, c, adj * scale].map((x) => x.toFixed(4)), String(volume)].join(','))];
    writeFileSync(join(dir, `${t.id}.csv`), `${lines.join('\r\n')}\r\n`);
  }
  writeFileSync(join(dir, 'actions.csv'), ['date,asset,split_ratio,dividend', `${days[splitDay]},DLTA,3:2,`, '2022-11-10,BRVO,,0.82', '2023-02-15,GOLF,,0.55'].join('\n') + '\n');
  const series = ['"date","Mkt.RF","SMB","HML","RF"', ...days.map((d, s) => `"${d}",${(ff[s].mkt - rf[s]).toFixed(2)},${ff[s].smb.toFixed(2)},${ff[s].hml.toFixed(2)},${rf[s].toFixed(4)}`)];
  writeFileSync(join(dir, 'series.csv'), `${series.join('\n')}\n`);
}

function crypto(): void {
  const dir = join(root, 'crypto');
  mkdirSync(dir, { recursive: true });
  const days: string[] = [];
  for (let d = new Date('2023-01-01T12:00:00'); iso(d) <= '2023-12-31'; d = addDays(d, 1)) days.push(iso(d));
  const coins = [
    { id: 'BTC-PERP', sector: 'Layer 1', price: 16500, beta: 1, carry: 0.0001 },
    { id: 'ETH-PERP', sector: 'Layer 1', price: 1200, beta: 1.2, carry: 0.00012 },
    { id: 'SOL-PERP', sector: 'Layer 1', price: 10, beta: 1.6, carry: 0.0002 },
    { id: 'ADA-PERP', sector: 'Layer 1', price: 0.25, beta: 1.3, carry: 0.00005 },
    { id: 'UNI-PERP', sector: 'DeFi', price: 5.2, beta: 1.4, carry: 0.00015 },
    { id: 'AAVE-PERP', sector: 'DeFi', price: 52, beta: 1.5, carry: 0.00003 },
    { id: 'LINK-PERP', sector: 'DeFi', price: 5.6, beta: 1.2, carry: 0.00008 },
    { id: 'MKR-PERP', sector: 'DeFi', price: 520, beta: 1.1, carry: 0.00001 },
    { id: 'DOGE-PERP', sector: 'Meme, Payments', price: 0.07, beta: 1.7, carry: 0.00025 },
    { id: 'XRP-PERP', sector: 'Meme, Payments', price: 0.34, beta: 1.1, carry: 0.00004 },
  ];
  const lines = ['\uFEFF"date","asset","close","volume","funding_rate","market_cap","sector"'];
  // funding.csv as an exchange exports it: one row per event, epoch milliseconds, each coin at its
  // own interval (most every 8 h, SOL and UNI every 4 h, DOGE every hour); a day's events sum to its rate.
  const intervalHours = (id: string): number => (id === 'DOGE-PERP' ? 1 : id === 'SOL-PERP' || id === 'UNI-PERP' ? 4 : 8);
  const events = ['fundingTime,symbol,fundingRate'];
  const price = coins.map((c) => c.price);
  for (const d of days) {
    const market = 0.0005 + 0.03 * rng.normal();
    coins.forEach((c, i) => {
      // Daily funding: the sum of the day's three 8-hour rates.
      const funding = 3 * (c.carry + 0.00008 * rng.normal());
      price[i] *= 1 + c.beta * market + 0.025 * rng.normal() - 0.2 * funding;
      const volume = (5e7 * (0.5 + rng.uniform())) / price[i];
      lines.push(`${d},"${c.id}",${price[i].toPrecision(6)},${volume.toFixed(2)},${funding.toFixed(6)},,"${c.sector}"`);
      const hours = intervalHours(c.id);
      // Bar D carries the events after 00:00 UTC of D up to 00:00 UTC of D+1.
      for (let h = hours; h <= 24; h += hours) events.push(`${Date.parse(`${d}T00:00:00Z`) + h * 3_600_000},${c.id},${(funding / (24 / hours)).toPrecision(6)}`);
    });
  }
  writeFileSync(join(dir, 'prices.csv'), `${lines.join('\r\n')}\r\n`);
  writeFileSync(join(dir, 'funding.csv'), `${events.join('\n')}\n`);
}

stocks();
crypto();
process.stdout.write(`wrote ${root}\n`);
