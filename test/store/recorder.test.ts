import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Panel } from '../../src/core/panel.js';
import { checkDataQuality } from '../../src/data/check-quality.js';
import { summarizePerformance } from '../../src/diagnostics/performance.js';
import { openDatabase } from '../../src/store/open-database.js';
import { SqliteRecorder } from '../../src/store/sqlite-recorder.js';

const meta = { strategy: 's', strategyFile: 's.ts', sourceHash: 'h', config: { name: 's' }, dataSource: 'd', dataFingerprint: 'f', codeVersion: 'v' };

describe('SqliteRecorder', () => {
  it('stores an undefined statistic as NULL with the reason', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-rec-')), 'r.sqlite'));
    const recorder = SqliteRecorder.start(db, meta);
    // A flat book: every daily return is 0, so volatility is 0 and Sharpe is undefined.
    const rows = Array.from({ length: 5 }, () => ({ nav: 100, netReturn: 0, turnover: 0, cost: 0 }));
    recorder.finish(summarizePerformance(rows, 100, 365));
    const sharpe = db.prepare("SELECT value, reason FROM summary WHERE metric = 'sharpe'").get() as { value: number | null; reason: string | null };
    expect(sharpe).toEqual({ value: null, reason: 'daily net returns have zero variance' });
    const vol = db.prepare("SELECT value, reason FROM summary WHERE metric = 'annualVolatility'").get() as { value: number | null; reason: string | null };
    expect(vol).toEqual({ value: 0, reason: null });
    // A book that lost everything has no compound annual rate.
    const ruined = SqliteRecorder.start(db, meta);
    ruined.finish(summarizePerformance([{ nav: 50, netReturn: -0.5, turnover: 0, cost: 0 }, { nav: -10, netReturn: -1.2, turnover: 0, cost: 0 }], 100, 365));
    const annual = db.prepare("SELECT value, reason FROM summary WHERE run_id = ? AND metric = 'annualReturn'").get(ruined.runId) as { value: number | null; reason: string };
    expect(annual.value).toBeNull();
    expect(annual.reason).toMatch(/final NAV is not positive \(total return -110\.0%\)/);
  });

  it('records data-quality findings with their policy, and the policies in the run configuration', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'factorlab-rec-')), 'r.sqlite'));
    const recorder = SqliteRecorder.start(db, meta);
    const panel = new Panel(['d1', 'd2', 'd3'], ['A', 'B'], new Map([['close', Float64Array.of(10, 10, 10, 10.1, 5, 10.2)]]));
    const report = checkDataQuality(panel, { policies: { split: 'exclude' } });
    recorder.recordDataQuality(report);
    const issues = db.prepare('SELECT check_name, asset, date, policy FROM data_issues WHERE run_id = ?').all(recorder.runId);
    expect(issues).toEqual([{ check_name: 'split', asset: 'A', date: 'd3', policy: 'exclude' }]);
    const config = JSON.parse((db.prepare('SELECT config_json FROM runs WHERE id = ?').get(recorder.runId) as { config_json: string }).config_json) as {
      dataChecksApplied: { policies: Record<string, string> };
    };
    expect(config.dataChecksApplied.policies).toMatchObject({ split: 'exclude', nonPositivePrice: 'error', stale: 'warn' });
  });
});
