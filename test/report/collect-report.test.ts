import { beforeAll, describe, expect, it } from 'vitest';
import { collectRun } from '../../src/report/collect-run.js';
import { collectStudy } from '../../src/report/collect-study.js';
import { renderReport } from '../../src/report/render-report.js';
import type { SubjectReport } from '../../src/report/report-model.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { buildReportFixture, type ReportFixture } from '../helpers/report-fixture.js';

describe('report data, checked against the stored rows', () => {
  let fixture: ReportFixture;
  let db: Db;
  beforeAll(async () => {
    fixture = await buildReportFixture();
    db = openDatabase(fixture.db);
    return () => db.close();
  }, 180_000);

  it('a run: equity is NAV over the initial NAV, cumulative cost is Σ cost over it, marks in sample only with --in-sample-until', () => {
    const runId = fixture.runIds[0];
    const report = collectRun(db, runId, { bootstrapSamples: 200 });
    const daily = db.prepare('SELECT date, nav, net_return, cost FROM daily WHERE run_id = ? ORDER BY date').all(runId) as Array<{ date: string; nav: number; net_return: number; cost: number }>;
    const initialNav = daily[0].nav / (1 + daily[0].net_return);
    expect(report.dates).toEqual(daily.map((d) => d.date));
    report.equity.forEach((e, t) => expect(e).toBeCloseTo(daily[t].nav / initialNav, 9));
    expect(report.turnover?.cumulativeCost.at(-1)).toBeCloseTo(daily.reduce((s, d) => s + d.cost, 0) / initialNav, 12);
    expect(report.inSample.every((x) => !x)).toBe(true);
    const split = daily[50].date;
    const marked = collectRun(db, runId, { bootstrapSamples: 200, inSampleUntil: split });
    expect(marked.inSample.filter(Boolean)).toHaveLength(51);
    expect(Math.min(...report.drawdown)).toBeCloseTo(-(db.prepare("SELECT value FROM summary WHERE run_id = ? AND metric = 'maxDrawdown'").get(runId) as { value: number }).value, 9);
  }, 60_000);

  it('a run: exposures are Σ weight × loading of the fit in force, attribution sums the stored contributions', () => {
    const runId = fixture.runIds[0];
    const report = collectRun(db, runId, { bootstrapSamples: 200 });
    const exposures = report.exposures;
    if (exposures === undefined) throw new Error('no exposures');
    const t = Math.floor(exposures.dates.length * 0.7);
    const date = exposures.dates[t];
    const fitDate = (db.prepare('SELECT max(date) AS d FROM fits WHERE run_id = ? AND date <= ?').get(runId, date) as { d: string }).d;
    for (const [k, factor] of exposures.factors.entries()) {
      const direct = db
        .prepare('SELECT sum(h.weight * l.loading) AS x FROM holdings h JOIN fit_loadings l ON l.run_id = h.run_id AND l.asset = h.asset AND l.date = ? AND l.factor = ? WHERE h.run_id = ? AND h.date = ?')
        .get(fitDate, factor, runId, date) as { x: number | null };
      expect(exposures.values[k][t]).toBeCloseTo(direct.x ?? 0, 12);
    }
    const attribution = report.attribution;
    if (attribution === undefined) throw new Error('no attribution');
    for (const [k, factor] of attribution.factors.entries()) {
      const total = db.prepare('SELECT sum(contribution) AS x FROM attribution WHERE run_id = ? AND factor = ?').get(runId, factor) as { x: number };
      expect(attribution.values[k].at(-1)).toBeCloseTo(total.x, 12);
    }
    expect(report.stress.some((s) => s.group.startsWith('Factor shock'))).toBe(true);
  }, 60_000);

  it('a study: in sample is the first fold\'s selected training run, then the selected test runs stitched', () => {
    const report = collectStudy(db, fixture.studyId, { bootstrapSamples: 200 });
    const folds = db.prepare('SELECT fold, selected_trial FROM study_folds WHERE study_id = ? ORDER BY fold').all(fixture.studyId) as Array<{ fold: number; selected_trial: number }>;
    // Each window from its first invested bar: the warm-up is in neither the statistics nor the path.
    const task = (trial: number, fold: number, sample: string): { returns: number[]; dates: string[] } => {
      const row = db.prepare('SELECT returns_json, dates_json, invested_from FROM study_tasks WHERE study_id = ? AND trial = ? AND fold = ? AND sample = ?').get(fixture.studyId, trial, fold, sample) as { returns_json: string; dates_json: string; invested_from: string };
      const dates = JSON.parse(row.dates_json) as string[];
      const from = dates.indexOf(row.invested_from);
      return { returns: (JSON.parse(row.returns_json) as number[]).slice(from), dates: dates.slice(from) };
    };
    const out = folds.map((f) => task(f.selected_trial, f.fold, 'out'));
    const firstTest = (JSON.parse((db.prepare("SELECT dates_json FROM study_tasks WHERE study_id = ? AND trial = ? AND fold = 0 AND sample = 'out'").get(fixture.studyId, folds[0].selected_trial) as { dates_json: string }).dates_json) as string[])[0];
    const inSample = task(folds[0].selected_trial, 0, 'in');
    const expectedDates = [...inSample.dates.filter((d) => d < firstTest), ...out.flatMap((o) => o.dates)];
    const expectedReturns = [...inSample.returns.filter((_, i) => inSample.dates[i] < firstTest), ...out.flatMap((o) => o.returns)];
    expect(report.dates).toEqual(expectedDates);
    expect(report.inSample.filter(Boolean)).toHaveLength(inSample.dates.filter((d) => d < firstTest).length);
    expect(report.equity.at(-1)).toBeCloseTo(expectedReturns.reduce((g, r) => g * (1 + r), 1), 12);
    expect(report.trials).toHaveLength(4 * 2);
    expect(report.trials?.filter((t) => t.selected)).toHaveLength(2);
    expect(report.pbo?.bins.reduce((s, b) => s + b.count, 0)).toBe(report.pbo?.logits.length);
    expect(() => collectStudy(db, 99, { bootstrapSamples: 200 })).toThrow(/study 99 is not in this database/);
    expect(() => collectRun(db, 99, { bootstrapSamples: 200 })).toThrow(/run 99 is not in this database/);
  }, 60_000);
});

describe('the HTML file', () => {
  const subject: SubjectReport = {
    id: 'r1',
    kind: 'run',
    title: 'run 1: </script><b>x</b>',
    provenance: [['Strategy', 'a & b']],
    notes: [],
    dates: ['2024-01-01', '2024-01-02'],
    equity: [1.01, 1.0],
    inSample: [false, false],
    warmup: [false, false],
    drawdown: [0, -0.0099],
    rollingWindowBars: 20,
    rollingSharpe: [null, null],
    rollingVolatility: [null, null],
    stress: [],
    summary: [['Sharpe ratio', '1.00']],
    tables: [],
  };

  it('embeds its data, escapes text and loads nothing from elsewhere', () => {
    const html = renderReport([subject], { generatedAt: 'now', codeVersion: 'test' });
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import/i);
    expect(html).toContain('run 1: &lt;/script&gt;&lt;b&gt;x&lt;/b&gt;');
    const json = /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(json ?? 'null')).toEqual({ subjects: [subject] });
    expect(html.match(/<canvas data-chart=/g)).toHaveLength(4);
    expect(html).toContain('Chart.js v4');
  });
});
