import type { LimitTerm, TermContext, ViolationSink, WeightBox } from '../../src/optimize/terms/term.js';

/** The worked example of docs/optimizer.md ("Terms"): every short at most `cap`, a box limit with no row. */
export class MaxShort implements LimitTerm {
  readonly family = 'max-short';
  constructor(readonly cap: number) {}
  narrow(box: WeightBox): void {
    for (let i = 0; i < box.lo.length; i++) box.lo[i] = Math.max(box.lo[i], -this.cap);
  }
  check(w: Float64Array, { assets }: TermContext, push: ViolationSink): void {
    for (let i = 0; i < w.length; i++) push(`max-short[${assets[i]}]`, w[i], -this.cap, -this.cap - w[i]);
  }
  describe(): string {
    return `max-short (w >= -${this.cap})`;
  }
}
