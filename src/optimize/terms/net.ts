import type { LimitTerm, TermContext, TradeSpaceRows, ViolationSink } from './term.js';

/** Net exposure `|Σw − net| <= band` (0: dollar-neutral, 1: fully invested). */
export class NetLimit implements LimitTerm {
  readonly family = 'net';

  constructor(
    readonly net: number,
    readonly band = 0,
  ) {}

  addRows(lp: TradeSpaceRows): void {
    lp.weighted('net', this.net - this.band, this.net + this.band);
  }

  check(w: Float64Array, _problem: TermContext, push: ViolationSink): void {
    let net = 0;
    for (let i = 0; i < w.length; i++) net += w[i];
    push('net', net, this.net, Math.abs(net - this.net) - this.band);
  }

  describe(): string {
    return `net (Σw = ${this.net}${this.band ? ` ± ${this.band}` : ''})`;
  }

  validate(_assets: readonly string[], bad: (what: string) => never): void {
    if (!(this.band >= 0)) bad(`netBand (${this.band}) must be >= 0`);
  }
}
