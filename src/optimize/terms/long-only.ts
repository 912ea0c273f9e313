import { GrossLimit } from './gross.js';
import type { LimitTerm, TermContext, ViolationSink, WeightBox } from './term.js';

/** `wᵢ >= 0` for every asset. */
export class LongOnly implements LimitTerm {
  readonly family = 'long-only';

  narrow(box: WeightBox): void {
    for (let i = 0; i < box.lo.length; i++) box.lo[i] = Math.max(box.lo[i], 0);
  }

  check(w: Float64Array, { assets }: TermContext, push: ViolationSink): void {
    for (let i = 0; i < w.length; i++) push(`long-only[${assets[i]}]`, w[i], 0, -w[i]);
  }

  describe(): string {
    return 'long-only (w >= 0)';
  }

  /** Without long-only the book needs a bound: a gross limit of one unit per asset when it has neither a gross limit nor a cap. */
  relaxed(others: readonly LimitTerm[], { assets }: TermContext): LimitTerm[] {
    return others.some((t) => t.bounds === true) ? [] : [new GrossLimit(assets.length)];
  }
}
