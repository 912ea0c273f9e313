import type { LimitTerm, TermContext, TradeSpaceRows, ViolationSink } from './term.js';

/** Turnover budget `Σ|wᵢ − currentᵢ| <= budget`. */
export class TurnoverLimit implements LimitTerm {
  readonly family = 'turnover';
  readonly relaxStep = 'turnover';

  constructor(readonly budget: number) {}

  addRows(lp: TradeSpaceRows): void {
    lp.turnover('turnover', this.budget);
  }

  check(w: Float64Array, { current }: TermContext, push: ViolationSink): void {
    let turnover = 0;
    for (let i = 0; i < w.length; i++) turnover += Math.abs(w[i] - current[i]);
    push('turnover', turnover, this.budget, turnover - this.budget);
  }

  describe(): string {
    return `turnover (Σ|w − current| <= ${this.budget})`;
  }
}
