import { MaxAbsWeight } from './max-abs-weight.js';
import type { LimitTerm, TermContext, TradeSpaceRows, ViolationSink, WeightBox } from './term.js';

/** Gross exposure `Σ|w| <= gross`; it also caps every single weight at `gross`. */
export class GrossLimit implements LimitTerm {
  readonly family = 'gross';
  readonly bounds = true;

  constructor(readonly gross: number) {}

  narrow(box: WeightBox): void {
    for (let i = 0; i < box.lo.length; i++) {
      box.lo[i] = Math.max(box.lo[i], -this.gross);
      box.hi[i] = Math.min(box.hi[i], this.gross);
    }
  }

  addRows(lp: TradeSpaceRows): void {
    lp.gross('gross', this.gross);
  }

  check(w: Float64Array, _problem: TermContext, push: ViolationSink): void {
    let gross = 0;
    for (let i = 0; i < w.length; i++) gross += Math.abs(w[i]);
    push('gross', gross, this.gross, gross - this.gross);
  }

  describe(): string {
    return `gross (Σ|w| <= ${this.gross})`;
  }

  /** Dropping the gross limit of a long-short book keeps a per-asset cap at the gross limit, so the problem stays bounded. */
  relaxed(others: readonly LimitTerm[]): LimitTerm[] {
    return others.some((t) => t.family === 'max-abs-weight') ? [] : [new MaxAbsWeight(this.gross)];
  }
}
