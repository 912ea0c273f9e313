import { describe, expect, it } from 'vitest';
import type { Market } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { zScore, type FactorDefinition, type History, type StrategyContext } from '../../src/index.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

/**
 * Every number reachable from `root`: own properties (enumerable or not) of
 * objects and arrays, Map entries, typed arrays read element by element, and
 * each typed array's whole `.buffer` read again as Float64 — the way a hostile
 * strategy would look past the view it was given.
 */
function reachableNumbers(root: unknown, out: Set<number>, seen = new Set<unknown>()): void {
  if (typeof root === 'number') {
    out.add(root);
    return;
  }
  if (typeof root !== 'object' || root === null || seen.has(root)) return;
  seen.add(root);
  if (ArrayBuffer.isView(root)) {
    const view = root as unknown as ArrayLike<number> & ArrayBufferView;
    for (let i = 0; i < view.length; i++) out.add(Number(view[i]));
    const whole = new Float64Array(view.buffer, 0, Math.floor(view.buffer.byteLength / 8));
    for (let i = 0; i < whole.length; i++) out.add(whole[i]);
    return;
  }
  if (root instanceof Map) {
    for (const [k, v] of root) {
      reachableNumbers(k, out, seen);
      reachableNumbers(v, out, seen);
    }
    return;
  }
  for (const key of Object.getOwnPropertyNames(root)) {
    const desc = Object.getOwnPropertyDescriptor(root, key);
    if (desc !== undefined && 'value' in desc) reachableNumbers(desc.value, out, seen);
  }
}

/** Everything a history serves, asked for as widely as it allows. */
function servedArrays(history: History): unknown[] {
  const fields = ['close', 'return', 'market_cap', 'volume', 'funding_rate', 'delisting_return'].filter((f) => history.hasField(f));
  const bars = history.length + 50;
  return [
    history,
    history.assets,
    history.dates(bars),
    ...fields.flatMap((f) => [history.view(f, 1), history.view(f, bars), history.window(f, bars), history.latest(f)]),
    ...history.seriesNames().map((s) => history.series(s, bars)),
  ];
}

/** Values of the market dated after bar `t` that no value dated at or before `t` equals. */
function futureOnly(market: Market, t: number): Set<number> {
  const n = market.panel.assets.length;
  const past = new Set<number>();
  const future = new Set<number>();
  for (const f of market.panel.fieldNames) {
    const a = market.panel.field(f);
    for (let c = 0; c < a.length; c++) if (!Number.isNaN(a[c])) (c < (t + 1) * n ? past : future).add(a[c]);
  }
  const asOf = market.panel.dates[t];
  for (const s of market.series.names) {
    const v = market.series.get(s);
    market.series.dates.forEach((d, k) => {
      if (!Number.isNaN(v[k])) (d <= asOf ? past : future).add(v[k]);
    });
  }
  for (const x of past) future.delete(x);
  // Whole numbers (a first 0 funding rate, say) are also what any computation makes; they carry no date.
  for (const x of future) if (Number.isInteger(x)) future.delete(x);
  return future;
}

describe('what a strategy is served', () => {
  const { market } = generateSyntheticMarket({ seed: 5, assets: 12, days: 160, delistings: 1 });
  const dates = market.panel.dates;

  it('reaches no value dated after asOf, through any array or its buffer, in the signal or a custom factor', async () => {
    const leaks: string[] = [];
    let checked = 0;
    let pastSeen = 0;
    const inspect = (where: string, asOf: string, roots: unknown[]): void => {
      const found = new Set<number>();
      for (const r of roots) reachableNumbers(r, found);
      const t = dates.indexOf(asOf);
      const future = futureOnly(market, t);
      for (const x of found) if (future.has(x)) leaks.push(`${where} at ${asOf}: ${x}`);
      // The walk does see the served past (so it would see a leak): the last close is there.
      const lastClose = market.panel.field('close').subarray(t * 12, (t + 1) * 12).find((c) => !Number.isNaN(c));
      if (lastClose !== undefined && found.has(lastClose)) pastSeen++;
      checked++;
    };
    const snoop: FactorDefinition = {
      label: 'snoop',
      lookbackBars: 1,
      compute(history) {
        inspect('custom factor', history.asOf, servedArrays(history));
        return new Float64Array(history.assets.length);
      },
    };
    const base = smallStrategy();
    const strategy = smallStrategy({
      factors: { ...base.factors, snoop },
      signal: (ctx: StrategyContext<string>) => {
        inspect('signal', ctx.asOf, [ctx, ctx.model, ctx.params, ...servedArrays(ctx.history), ...['beta', 'size', 'momentum', 'snoop'].map((k) => ctx.exposure(k))]);
        return zScore(ctx.exposure('momentum'));
      },
    });
    await runWalkForward({ strategy, market, solvers: [await createHighsSolver()], recorder: new MemoryRecorder() });
    expect(checked).toBeGreaterThan(20);
    expect(pastSeen).toBe(checked);
    expect(leaks).toEqual([]);
  });

  it('lets a strategy change nothing the engine uses: a run that mutates all it can reach records the rows of one that does not', async () => {
    const solvers = [await createHighsSolver()];
    const keep = (): FactorDefinition => {
      let last: Float64Array | undefined;
      return {
        label: 'kept',
        lookbackBars: 5,
        compute(history) {
          // A custom factor that keeps its last answer and scribbles on it at the next bar.
          last?.fill(1e6);
          last = history.view('return', 5).subarray(4 * history.assets.length);
          return last;
        },
      };
    };
    const clean = smallStrategy({
      factors: { ...smallStrategy().factors, kept: keep() },
      signal: (ctx: StrategyContext<string>) => zScore(ctx.exposure('momentum')),
    });
    let returned: Float64Array | undefined;
    const vandal = smallStrategy({
      factors: { ...smallStrategy().factors, kept: keep() },
      signal: (ctx: StrategyContext<string>) => {
        const signal = zScore(ctx.exposure('momentum'));
        returned?.fill(0);
        returned = signal;
        const arrays = new Set<unknown>();
        const collect = (v: unknown, seen = new Set<unknown>()): void => {
          if (typeof v !== 'object' || v === null || seen.has(v)) return;
          seen.add(v);
          arrays.add(v);
          if (ArrayBuffer.isView(v)) return;
          for (const key of Object.getOwnPropertyNames(v)) {
            const d = Object.getOwnPropertyDescriptor(v, key);
            if (d !== undefined && 'value' in d) collect(d.value, seen);
          }
        };
        for (const root of [ctx, ctx.model, ...servedArrays(ctx.history), ...['beta', 'size', 'momentum', 'kept'].map((k) => ctx.exposure(k))]) collect(root);
        for (const a of arrays) {
          const attempt = (f: () => void): void => {
            try {
              f();
            } catch {
              // Frozen objects refuse; that is the point.
            }
          };
          if (a instanceof Float64Array) {
            attempt(() => new Float64Array(a.buffer).fill(-7));
            attempt(() => a.fill(-7));
          } else if (ArrayBuffer.isView(a)) {
            attempt(() => new Uint8Array(a.buffer).fill(3));
          } else if (Array.isArray(a)) {
            attempt(() => a.reverse());
            attempt(() => a.push('x'));
          } else {
            for (const key of Object.getOwnPropertyNames(a)) attempt(() => ((a as Record<string, unknown>)[key] = undefined));
          }
        }
        return signal;
      },
    });
    const a = new MemoryRecorder();
    const b = new MemoryRecorder();
    await runWalkForward({ strategy: clean, market, solvers, recorder: a });
    await runWalkForward({ strategy: vandal, market, solvers, recorder: b });
    const rows = (r: MemoryRecorder) => r.days.map((d) => (d.rebalance === undefined ? d : { ...d, rebalance: { ...d.rebalance, solveMs: 0 } }));
    expect(a.days.filter((d) => d.trades.length > 0).length).toBeGreaterThan(5);
    expect(rows(b)).toEqual(rows(a));
  });
});
