import type { LimitTerm, TermContext, ViolationSink, WeightBox } from './term.js';

/** Assets that may not trade (halted, delisted): `wᵢ = currentᵢ` where `frozen[i]` is 1. */
export class Frozen implements LimitTerm {
  readonly family = 'frozen';

  constructor(readonly frozen: Uint8Array) {}

  narrow(box: WeightBox, { current }: TermContext): void {
    for (let i = 0; i < box.lo.length; i++) {
      if (this.frozen[i] !== 1) continue;
      box.lo[i] = Math.max(box.lo[i], current[i]);
      box.hi[i] = Math.min(box.hi[i], current[i]);
    }
  }

  check(w: Float64Array, { assets, current }: TermContext, push: ViolationSink): void {
    for (let i = 0; i < w.length; i++) if (this.frozen[i] === 1) push(`frozen[${assets[i]}]`, w[i], current[i], Math.abs(w[i] - current[i]));
  }

  describe(): string {
    return `frozen (${this.frozen.reduce((c, f) => c + f, 0)} assets that may not trade)`;
  }

  validate(assets: readonly string[], bad: (what: string) => never): void {
    if (this.frozen.length !== assets.length) bad(`frozen has ${this.frozen.length} entries, expected one per asset (${assets.length})`);
  }
}
