import type { LimitTerm, TermContext, ViolationSink, WeightBox } from './term.js';

/** Per-asset trade cap `|wᵢ − currentᵢ| <= maxTrade[i]` (Infinity for none), e.g. a share of average dollar volume over NAV. */
export class MaxTrade implements LimitTerm {
  readonly family = 'max-trade';
  readonly relaxStep = 'max-trade';

  constructor(readonly maxTrade: Float64Array) {}

  narrow(box: WeightBox, { current }: TermContext): void {
    for (let i = 0; i < box.lo.length; i++) {
      box.lo[i] = Math.max(box.lo[i], current[i] - this.maxTrade[i]);
      box.hi[i] = Math.min(box.hi[i], current[i] + this.maxTrade[i]);
    }
  }

  check(w: Float64Array, { assets, current }: TermContext, push: ViolationSink): void {
    for (let i = 0; i < w.length; i++) {
      const m = this.maxTrade[i];
      if (m === Infinity) continue;
      const traded = Math.abs(w[i] - current[i]);
      push(`max-trade[${assets[i]}]`, traded, m, traded - m);
    }
  }

  describe(): string {
    return 'max-trade (per-asset trade limits)';
  }

  validate(assets: readonly string[], bad: (what: string) => never): void {
    if (this.maxTrade.length !== assets.length) bad(`maxTrade has ${this.maxTrade.length} entries, expected one per asset (${assets.length})`);
    for (let i = 0; i < assets.length; i++) {
      if (Number.isNaN(this.maxTrade[i])) bad(`maxTrade of ${assets[i]} is NaN`);
      if (!(this.maxTrade[i] >= 0)) bad(`maxTrade of ${assets[i]} (${this.maxTrade[i]}) must be >= 0`);
    }
  }
}
