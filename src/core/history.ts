import type { Panel } from './panel.js';

/**
 * A point-in-time view of a market at the close of `asOf`. Nothing after `asOf`
 * is reachable through it: the panel is held in a true private field, every
 * accessor clamps to rows at or before `asOf`, and every result is a copy, so a
 * strategy can neither read nor change the data it is served.
 */
export class History {
  readonly #panel: Panel;
  readonly #series: ReadonlyMap<string, Float64Array>;
  readonly #t: number;
  /** The decision date: the last date whose data is visible. */
  readonly asOf: string;
  /** Asset ids, in the column order of every vector this view returns. */
  readonly assets: readonly string[];

  /**
   * @param alignedSeries series already aligned to `panel.dates` (publication
   *   lags applied), so index `t` holds what was known at the close of `dates[t]`
   */
  constructor(panel: Panel, alignedSeries: ReadonlyMap<string, Float64Array>, t: number) {
    if (!Number.isInteger(t) || t < 0 || t >= panel.dates.length) {
      throw new RangeError(`History index ${t} is outside the panel (0..${panel.dates.length - 1})`);
    }
    this.#panel = panel;
    this.#series = alignedSeries;
    this.#t = t;
    this.asOf = panel.dates[t];
    this.assets = panel.assets;
  }

  /** Number of bars visible (the index of `asOf` plus one). */
  get length(): number {
    return this.#t + 1;
  }

  hasField(name: string): boolean {
    return this.#panel.hasField(name);
  }

  /** The last `bars` dates up to `asOf` (fewer near the start of the data). */
  dates(bars: number): string[] {
    return this.#panel.dates.slice(Math.max(0, this.#t - bars + 1), this.#t + 1);
  }

  /** One value per asset on `asOf` (a copy). */
  latest(field: string): Float64Array {
    const n = this.assets.length;
    return this.#panel.field(field).slice(this.#t * n, (this.#t + 1) * n);
  }

  /**
   * What `window` returns, without the copy when the window lies inside the
   * data: a view of the panel's own memory ending at `asOf` (a NaN-padded
   * copy when it starts before the first date). Read-only by contract: for
   * the library's factors, which only read their windows; strategies get
   * copies from `window`.
   */
  view(field: string, bars: number): Float64Array {
    const from = this.#t - bars + 1;
    if (from < 0) return this.window(field, bars);
    const n = this.assets.length;
    return this.#panel.field(field).subarray(from * n, (this.#t + 1) * n);
  }

  /**
   * The last `bars` rows of a field ending at `asOf`, date-major (`bars × assets`,
   * a copy); rows before the first date are `NaN`.
   */
  window(field: string, bars: number): Float64Array {
    const n = this.assets.length;
    const src = this.#panel.field(field);
    const out = new Float64Array(bars * n).fill(NaN);
    const from = this.#t - bars + 1;
    const start = Math.max(0, from);
    out.set(src.subarray(start * n, (this.#t + 1) * n), (start - from) * n);
    return out;
  }

  seriesNames(): string[] {
    return [...this.#series.keys()];
  }

  /** The last `bars` values of a named series ending at `asOf` (a copy, `NaN`-padded). */
  series(name: string, bars: number): Float64Array {
    const src = this.#series.get(name);
    if (src === undefined) throw new RangeError(`No series '${name}' (series: ${this.seriesNames().join(', ') || 'none'})`);
    const out = new Float64Array(bars).fill(NaN);
    const from = this.#t - bars + 1;
    const start = Math.max(0, from);
    out.set(src.subarray(start, this.#t + 1), start - from);
    return out;
  }
}
