import { defineStrategy } from '../../src/index.js';
import momentumStudy from '../../strategies/momentum-study.js';

/**
 * The 64-trial sweep of the study benchmark (issue 8): strategies/momentum-study.ts
 * (4 lookbacks × 4 winsorising levels) with a third parameter, 4 caps on its
 * z-scored signal.
 */
export default defineStrategy({
  ...momentumStudy,
  name: 'bench-sweep',
  signal: (ctx) => {
    const cap = Number(ctx.params.cap);
    return momentumStudy.signal(ctx).map((z) => Math.max(-cap, Math.min(cap, z)));
  },
  params: { ...momentumStudy.params, cap: [1, 1.5, 2, 3] },
});
