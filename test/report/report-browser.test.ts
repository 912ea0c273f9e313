import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportFixture, type ReportFixture } from '../helpers/report-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
/** CI installs Chromium (.ci/run), so there the test must run; elsewhere it is skipped with a reason when Chromium is absent. */
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing; .ci/run installs it with apt-get install chromium`);
if (!available) console.warn(`report browser test skipped: ${CHROMIUM} not installed (apt-get install chromium)`);

interface ChartState {
  readonly kind: string;
  readonly subject: string | undefined;
  readonly hasChart: boolean;
  /** Drawn elements (points, bars) with a finite position, over all datasets. */
  readonly marks: number;
  /** Canvas pixels that are not transparent. */
  readonly inkedPixels: number;
}

function report(fixture: ReportFixture, args: readonly string[], out: string): void {
  const result = spawnSync(process.execPath, ['bin/factorlab.js', 'report', ...args, '--db', fixture.db, '--out', out, '--quiet', '--samples', '200'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`factorlab report failed (${result.status}): ${result.stderr}`);
}

describe.runIf(available)('the HTML report in a real browser (Chromium, headless, offline)', () => {
  let fixture: ReportFixture;
  let browser: Browser;
  const outDir = join('test-output');
  beforeAll(async () => {
    fixture = await buildReportFixture();
    mkdirSync(outDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string, screenshot: string): Promise<{ errors: string[]; requests: string[]; charts: ChartState[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 30_000 });
    const charts = (await page.evaluate(readFileSync('test/report/probe-charts.js', 'utf8'))) as ChartState[];
    await page.screenshot({ path: join(outDir, screenshot), fullPage: true });
    await page.close();
    return { errors, requests, charts };
  }

  it('a run: loads with no console errors or requests, and every chart has drawn marks', async () => {
    const file = join(fixture.dir, 'run.html');
    report(fixture, [`r${fixture.runIds[0]}`], file);
    const { errors, requests, charts } = await open(file, 'report-run.png');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(charts.map((c) => c.kind).sort()).toEqual(['attribution', 'drawdown', 'equity', 'exposures', 'rolling-sharpe', 'rolling-volatility', 'stress', 'turnover']);
    for (const c of charts) {
      expect(c.hasChart, c.kind).toBe(true);
      expect(c.marks, c.kind).toBeGreaterThan(c.kind === 'stress' ? 3 : 20);
      expect(c.inkedPixels, c.kind).toBeGreaterThan(2000);
    }
  }, 120_000);

  it('a study beside a run (--compare): both subjects drawn, with trials and the PBO histogram', async () => {
    const file = join(fixture.dir, 'compare.html');
    report(fixture, [`s${fixture.studyId}`, '--compare', `r${fixture.runIds[1]}`], file);
    const { errors, requests, charts } = await open(file, 'report-compare.png');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(charts.filter((c) => c.kind === 'trials').map((c) => c.subject)).toEqual(['0']);
    expect(charts.filter((c) => c.kind === 'pbo').map((c) => c.subject)).toEqual(['0']);
    expect(charts.filter((c) => c.kind === 'turnover').map((c) => c.subject)).toEqual(['1']);
    expect(charts.filter((c) => c.kind === 'stress').map((c) => c.subject)).toEqual(['0', '1']);
    for (const c of charts) {
      expect(c.hasChart, c.kind).toBe(true);
      expect(c.marks, `${c.kind} ${c.subject ?? ''}`).toBeGreaterThan(c.kind === 'stress' || c.kind === 'pbo' ? 3 : 7);
      expect(c.inkedPixels, c.kind).toBeGreaterThan(2000);
    }
  }, 120_000);
});
