import { GrossLimit } from './gross.js';
import type { LimitTerm, TermContext, ViolationSink, WeightBox } from './term.js';

/** Per-asset cap `|wᵢ| <= cap`. */
export class MaxAbsWeight implements LimitTerm {
  readonly family = 'max-abs-weight';
  readonly bounds = true;

  constructor(readonly cap: number) {}

  narrow(box: WeightBox): void {
    for (let i = 0; i < box.lo.length; i++) {
      box.lo[i] = Math.max(box.lo[i], -this.cap);
      box.hi[i] = Math.min(box.hi[i], this.cap);
    }
  }

  check(w: Float64Array, { assets }: TermContext, push: ViolationSink): void {
    for (let i = 0; i < w.length; i++) push(`max-abs-weight[${assets[i]}]`, w[i], this.cap, Math.abs(w[i]) - this.cap);
  }

  describe(): string {
    return `max-abs-weight (|w| <= ${this.cap})`;
  }

  /** A long-short book without its cap keeps a gross limit, one unit per asset when it had none. */
  relaxed(others: readonly LimitTerm[], { assets }: TermContext): LimitTerm[] {
    return others.some((t) => t.family === 'long-only' || t.family === 'gross') ? [] : [new GrossLimit(assets.length)];
  }
}
