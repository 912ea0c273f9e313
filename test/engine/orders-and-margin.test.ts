import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Panel, type Market } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { zScore, type StrategyContext, type StrategyDefinition } from '../../src/index.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

const { market } = generateSyntheticMarket({ seed: 9, assets: 12, days: 150, delistings: 0, missingRate: 0 });

/** The market with every close from bar `at` on multiplied by `factor` (a one-bar crash of every asset). */
function crashed(m: Market, at: number, factor: number): Market {
  const n = m.panel.assets.length;
  const close = m.panel.field('close').slice();
  for (let c = at * n; c < close.length; c++) close[c] *= factor;
  const fields = new Map(m.panel.fieldNames.map((f) => [f, f === 'close' ? close : m.panel.field(f)]));
  return { ...m, panel: new Panel(m.panel.dates, m.panel.assets, fields) };
}

/** A 6× leveraged long book: the shape that went to a NAV of −1.07e9 before margin existed. */
function leveragedLong(maintenance?: number): StrategyDefinition {
  return smallStrategy({
    rebalance: 'day',
    signal: (ctx: StrategyContext<string>) => zScore(ctx.exposure('momentum')),
    portfolio: { objective: 'max-alpha', longOnly: true, limits: { gross: 6, net: 6, maxAbsWeight: 1 } },
    ...(maintenance === undefined ? {} : { margin: { maintenance } }),
  });
}

describe('orders', () => {
  it("executes every decision on its own execution bar, for every lag 1-5 and cadence (none is overwritten while pending)", async () => {
    const solvers = [await createHighsSolver()];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.constantFrom('day', 'week', 'month'), async (lag, cadence) => {
        const recorder = new MemoryRecorder();
        const result = await runWalkForward({ strategy: smallStrategy({ executionLagDays: lag, rebalance: cadence as 'day' }), market, solvers, recorder });
        const byDate = new Map(recorder.days.map((d) => [d.date, d]));
        const decided = recorder.days.filter((d) => d.rebalance?.status === 'optimal');
        expect(decided.length).toBeGreaterThan(cadence === 'month' ? 1 : 5);
        for (const d of decided) {
          const executeDate = d.rebalance?.executeDate;
          const dates = market.panel.dates;
          expect(executeDate).toBe(dates[dates.indexOf(d.date) + lag] ?? null);
          const executed = executeDate === null || executeDate === undefined ? undefined : byDate.get(executeDate);
          if (executed === undefined) {
            // Due after the last bar: said so, not dropped silently.
            expect(recorder.days.at(-1)?.events.some((e) => e.kind === 'order-unexecuted' && e.detail.includes(d.date))).toBe(true);
            continue;
          }
          expect(executed.trades.filter((t) => t.reason === 'rebalance').length).toBeGreaterThan(0);
        }
        expect(result.outcome.rebalances.traded).toBe(decided.length);
        // A decision made while an earlier order is pending says so (it is made against that order's targets).
        if (lag > 1 && cadence === 'day') expect(recorder.days.some((d) => d.events.some((e) => e.kind === 'order-chained'))).toBe(true);
      }),
      { numRuns: 10, seed: 20261201 },
    );
  });
});

describe('margin', () => {
  it('liquidates the book at the close that takes equity to zero, and stops: no trading and no bars after it', async () => {
    const solvers = [await createHighsSolver()];
    const at = 120;
    const recorder = new MemoryRecorder();
    const result = await runWalkForward({ strategy: leveragedLong(), market: crashed(market, at, 0.7), solvers, recorder });
    const crashDate = market.panel.dates[at];
    expect(result.lastDate).toBe(crashDate);
    expect(recorder.days.at(-1)?.date).toBe(crashDate);
    const last = recorder.days.at(-1)!;
    const before = recorder.days.at(-2)!;
    // 6× long through a −30% bar: equity before costs is NAV × (1 − 6 × 0.3) < 0 (up to the book's weights).
    expect(before.grossExposure).toBeGreaterThan(5.9);
    expect(last.events.some((e) => e.kind === 'margin-call')).toBe(true);
    expect(last.trades.length).toBeGreaterThan(0);
    expect(last.trades.every((t) => t.reason === 'margin')).toBe(true);
    expect(last.grossExposure).toBe(0);
    expect(result.outcome.marginCall?.date).toBe(crashDate);
    expect(result.outcome.marginCall?.equity).toBeLessThanOrEqual(0);
    // The loss beyond equity is the true one: NAV after = equity − liquidation cost.
    expect(last.nav).toBeCloseTo(result.outcome.marginCall!.equity - last.cost, 6);
    // Statistics are over bars before the stop, all with a positive NAV before them: finite, not sign-flipped.
    expect(Number.isFinite(result.summary.sharpe)).toBe(true);
    expect(result.summary.totalReturn).toBeLessThan(-1);
    expect(recorder.days.slice(0, -1).every((d) => d.nav > 0)).toBe(true);
  });

  it('calls at the configured maintenance level before equity is gone, and not at all without the crash', async () => {
    const solvers = [await createHighsSolver()];
    const at = 120;
    // −10%: equity 1 − 0.6 = 0.4 of NAV, gross 5.4: above 0 (no call at the default) but below 0.1 × gross (the book runs at equity / gross ≈ 1/6 before it).
    const mild = crashed(market, at, 0.9);
    const noCall = await runWalkForward({ strategy: leveragedLong(), market: mild, solvers, recorder: new MemoryRecorder() });
    expect(noCall.outcome.marginCall).toBeNull();
    expect(noCall.lastDate).toBe(market.panel.dates.at(-1));
    const called = await runWalkForward({ strategy: leveragedLong(0.1), market: mild, solvers, recorder: new MemoryRecorder() });
    expect(called.outcome.marginCall?.date).toBe(market.panel.dates[at]);
    expect(called.outcome.marginCall!.equity).toBeGreaterThan(0);
    expect(called.outcome.marginCall!.equity).toBeLessThanOrEqual(0.1 * called.outcome.marginCall!.grossValue);
  });
});

describe('the turnover budget', () => {
  it('bounds the planned trade; the realised turnover of each execution is reported against it', async () => {
    const solvers = [await createHighsSolver()];
    const recorder = new MemoryRecorder();
    const strategy = smallStrategy({ portfolio: { ...smallStrategy().portfolio, limits: { gross: 1, net: 0, maxAbsWeight: 0.2, maxTurnover: 0.2 } } });
    const result = await runWalkForward({ strategy, market, solvers, recorder });
    const t = result.outcome.turnover;
    expect(t.budget).toBe(0.2);
    // Recount from the daily rows: every execution after the first (built from an empty book) is budgeted.
    const executions = recorder.days.filter((d) => d.trades.some((x) => x.reason === 'rebalance')).map((d) => d.turnover);
    expect(t.budgetedExecutions).toBe(executions.length - 1);
    expect(t.maxRealised).toBeCloseTo(Math.max(...executions.slice(1)), 12);
    expect(t.overBudget).toBe(executions.slice(1).filter((x) => x > 0.2 + 1e-9).length);
    expect(t.overBudget).toBeGreaterThan(0);
  });
});
