import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { attributeReturn } from '../../src/diagnostics/attribution.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import type { LpSolver } from '../../src/optimize/linear-program.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

let highs: LpSolver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

describe('attributeReturn', () => {
  it('splits a hand-worked bar: exposure × factor return, specific the rest', () => {
    // Book 0.6 in A (β 1.5), −0.4 in B (β 0.5): market exposure 0.9 − 0.2 = 0.7.
    // The market returned 2%, A 4%, B −1%: total 0.024 + 0.004 = 0.028, market 0.014, specific 0.014.
    const a = attributeReturn(Float64Array.of(0.6, -0.4), Float64Array.of(0.04, -0.01), Float64Array.of(1.5, 0.5), Float64Array.of(0.02));
    expect(a.total).toBeCloseTo(0.028, 15);
    expect(a.contributions[0]).toBeCloseTo(0.014, 15);
    expect(a.specific).toBeCloseTo(0.014, 15);
  });

  it('an unknown factor return contributes nothing; its part stays specific', () => {
    const a = attributeReturn(Float64Array.of(1), Float64Array.of(0.01), Float64Array.of(2, 3), Float64Array.of(0.005, NaN));
    expect(Array.from(a.contributions)).toEqual([0.01, 0]);
    expect(a.specific).toBeCloseTo(0, 15);
  });
});

describe.each([
  ['time-series', { kind: 'time-series', windowDays: 60, refitEvery: 'month' }],
  ['cross-sectional', { kind: 'cross-sectional', factors: ['size', 'momentum'], windowDays: 60, refitEvery: 'month' }],
  ['statistical', { kind: 'statistical', components: 2, windowDays: 60, refitEvery: 'month' }],
] as const)('attribution in a %s run', (_, model) => {
  it('factor contributions plus specific equal the gross return of every bar', async () => {
    const { market } = generateSyntheticMarket({ seed: 23, assets: 14, days: 150 });
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy: smallStrategy({ model }), market, solvers: [highs], recorder });
    const attributed = recorder.days.filter((d) => d.attribution !== undefined);
    expect(attributed.length).toBeGreaterThan(40);
    for (const d of attributed) {
      const a = d.attribution!;
      const sum = a.contributions.reduce((x, y) => x + y, 0) + a.specific;
      expect(Math.abs(sum - d.grossReturn)).toBeLessThan(1e-13);
      expect(a.contributions.every((c) => Number.isFinite(c))).toBe(true);
    }
    // The factors explain part of the book's moves: some contribution is non-zero.
    expect(attributed.some((d) => d.attribution!.contributions.some((c) => Math.abs(c) > 1e-6))).toBe(true);
  });
});
