import type { LimitTerm, TermContext, ViolationSink, WeightBox } from './term.js';

/** Per-asset floors and caps on the signed weight, `minWeight[i] <= wᵢ <= maxWeight[i]` (±Infinity for none). */
export class AssetBounds implements LimitTerm {
  readonly family = 'asset-bounds';

  constructor(
    readonly minWeight: Float64Array | undefined,
    readonly maxWeight: Float64Array | undefined,
  ) {}

  narrow(box: WeightBox): void {
    for (let i = 0; i < box.lo.length; i++) {
      box.lo[i] = Math.max(box.lo[i], this.minWeight?.[i] ?? -Infinity);
      box.hi[i] = Math.min(box.hi[i], this.maxWeight?.[i] ?? Infinity);
    }
  }

  check(w: Float64Array, { assets }: TermContext, push: ViolationSink): void {
    for (let i = 0; i < w.length; i++) {
      const lo = this.minWeight?.[i] ?? -Infinity;
      const hi = this.maxWeight?.[i] ?? Infinity;
      if (lo > -Infinity) push(`asset-bounds[${assets[i]}]`, w[i], lo, lo - w[i]);
      if (hi < Infinity) push(`asset-bounds[${assets[i]}]`, w[i], hi, w[i] - hi);
    }
  }

  describe(): string {
    return 'asset-bounds (per-asset floors and caps)';
  }

  validate(assets: readonly string[], bad: (what: string) => never): void {
    for (const [name, v] of [['minWeight', this.minWeight], ['maxWeight', this.maxWeight]] as const) {
      if (v === undefined) continue;
      if (v.length !== assets.length) bad(`${name} has ${v.length} entries, expected one per asset (${assets.length})`);
      for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) bad(`${name} of ${assets[i]} is NaN`);
    }
  }
}
