import type { Panel } from './panel.js';

/**
 * A point-in-time view of a market at the close of `asOf`. Nothing after `asOf`
 * is reachable through it: the panel is held in a true private field, every
 * accessor clamps to rows at or before `asOf`, and the object is frozen.
 *
 * Two kinds exist. A *served* history (what `new History(...)` makes, and what
 * strategies, signals and custom factors are handed) returns fresh copies from
 * every accessor: an array it returns, and that array's `.buffer`, hold only
 * values dated at or before `asOf`, and writing to them changes nothing else.
 * An *internal* history (`History.internal`, made by the engine and handed only
 * to the engine's own code and the library's registered factors) returns
 * zero-copy, read-only-by-contract views of the panel from `view`.
 */
export class History {
  readonly #panel: Panel;
  readonly #series: ReadonlyMap<string, Float64Array>;
  readonly #t: number;
  readonly #internal: boolean;
  /** The decision date: the last date whose data is visible. */
  readonly asOf: string;
  /** Asset ids, in the column order of every vector this view returns (a frozen array). */
  readonly assets: readonly string[];

  /**
   * A served history: every accessor returns a copy.
   * @param alignedSeries series already aligned to `panel.dates` (publication
   *   lags applied), so index `t` holds what was known at the close of `dates[t]`
   * @param access `History.internal` passes a module-private token here; nothing else can
   */
  constructor(panel: Panel, alignedSeries: ReadonlyMap<string, Float64Array>, t: number, access?: symbol) {
    if (!Number.isInteger(t) || t < 0 || t >= panel.dates.length) {
      throw new RangeError(`History index ${t} is outside the panel (0..${panel.dates.length - 1})`);
    }
    this.#panel = panel;
    this.#series = alignedSeries;
    this.#t = t;
    this.#internal = access === INTERNAL;
    this.asOf = panel.dates[t];
    this.assets = frozenAssets(panel);
    Object.freeze(this);
  }

  /**
   * An internal history whose `view` shares the panel's memory: for the
   * engine and the library's registered factors only, never for user code.
   */
  static internal(panel: Panel, alignedSeries: ReadonlyMap<string, Float64Array>, t: number): History {
    return new History(panel, alignedSeries, t, INTERNAL);
  }

  /** The served twin of this history (same bar, copies from every accessor). */
  served(): History {
    return this.#internal ? new History(this.#panel, this.#series, this.#t) : this;
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
   * What `window` returns. On an internal history whose window lies inside
   * the data it is a view of the panel's own memory ending at `asOf`, to be
   * read only (the library's factors read their windows this way); on a served
   * history, and before the first date, it is `window`'s copy.
   */
  view(field: string, bars: number): Float64Array {
    const from = this.#t - bars + 1;
    if (!this.#internal || from < 0) return this.window(field, bars);
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

  /** Whether the data has a categorical column `name` (sector, industry, exchange). */
  hasLabels(name: string): boolean {
    return this.#panel.hasLabel(name);
  }

  /** Names of the data's categorical columns. */
  labelNames(): string[] {
    return this.#panel.labelNames;
  }

  /** Each asset's label in a categorical column on `asOf` (`''` where it has none): what was known at that close. */
  labels(name: string): string[] {
    return this.#panel.label(name).row(this.#t, this.assets.length);
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

/** The token that makes a history internal; never exported. */
const INTERNAL = Symbol('internal history');

const FROZEN_ASSETS = new WeakMap<Panel, readonly string[]>();

/** One frozen copy of a panel's asset ids, shared by every history of that panel. */
function frozenAssets(panel: Panel): readonly string[] {
  let assets = FROZEN_ASSETS.get(panel);
  if (assets === undefined) {
    assets = Object.freeze([...panel.assets]);
    FROZEN_ASSETS.set(panel, assets);
  }
  return assets;
}
