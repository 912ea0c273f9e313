import type { ExposureLimit } from '../portfolio-problem.js';
import { dot, type LimitTerm, type TermContext, type TradeSpaceRows, type ViolationSink } from './term.js';

/** An exposure `B'w` within `band` of its target: neutrality (target 0), or a tilt (named `tilt:<factor>`). */
export class ExposureBand implements LimitTerm {
  readonly family: string;
  readonly relaxStep: 'tilts' | 'neutrality';

  constructor(readonly limit: ExposureLimit) {
    this.family = `neutral[${limit.name}]`;
    this.relaxStep = limit.name.startsWith('tilt:') ? 'tilts' : 'neutrality';
  }

  addRows(lp: TradeSpaceRows): void {
    const t = this.limit.target ?? 0;
    lp.weighted(this.family, t - this.limit.band, t + this.limit.band, this.limit.exposures);
  }

  check(w: Float64Array, _problem: TermContext, push: ViolationSink): void {
    const e = dot(this.limit.exposures, w);
    push(this.family, e, this.limit.band, Math.abs(e - (this.limit.target ?? 0)) - this.limit.band);
  }

  describe(): string {
    return `${this.family} (|B'w − ${this.limit.target ?? 0}| <= ${this.limit.band})`;
  }

  validate(assets: readonly string[], bad: (what: string) => never): void {
    const { name, exposures, band, target } = this.limit;
    if (exposures.length !== assets.length) bad(`exposure '${name}' has ${exposures.length} entries, expected one per asset (${assets.length})`);
    for (let i = 0; i < assets.length; i++) if (!Number.isFinite(exposures[i])) bad(`exposure '${name}' of ${assets[i]} is ${exposures[i]}`);
    if (!(band >= 0)) bad(`band of '${name}' (${band}) must be >= 0`);
    if (target !== undefined && !Number.isFinite(target)) bad(`target of '${name}' (${target}) must be finite`);
  }
}
