import type { CorporateActions } from './corporate-actions.js';
import type { FundingEvents } from './funding-events.js';

/**
 * A panel: dates × assets × named fields, each field one dense date-major
 * `Float64Array` (index `t * assets.length + i`), `NaN` where a value is missing
 * or the asset is not listed.
 */
export class Panel {
  readonly dates: readonly string[];
  readonly assets: readonly string[];
  private readonly values: ReadonlyMap<string, Float64Array>;
  private readonly labelFields: ReadonlyMap<string, Labels>;
  private readonly dateIndexByDate: Map<string, number>;

  /** @param labels categorical fields (sector, industry, country, exchange), kept by every derived panel */
  constructor(dates: readonly string[], assets: readonly string[], values: ReadonlyMap<string, Float64Array>, labels: ReadonlyMap<string, Labels> = new Map()) {
    const cells = dates.length * assets.length;
    for (const [name, arr] of values) {
      if (arr.length !== cells) {
        throw new RangeError(`Panel field '${name}' has ${arr.length} values, expected ${cells} (dates × assets)`);
      }
    }
    for (const [name, l] of labels) {
      if (l.codes.length !== cells) throw new RangeError(`Panel label field '${name}' has ${l.codes.length} codes, expected ${cells} (dates × assets)`);
      if (values.has(name)) throw new RangeError(`Panel field '${name}' is both numeric and a label`);
    }
    this.dates = dates;
    this.assets = assets;
    this.values = values;
    this.labelFields = labels;
    this.dateIndexByDate = new Map(dates.map((d, t) => [d, t]));
  }

  /** The same dates, assets and labels with other numeric fields. */
  withFields(values: ReadonlyMap<string, Float64Array>): Panel {
    return new Panel(this.dates, this.assets, values, this.labelFields);
  }

  /** The numeric fields as a new map (the arrays shared), for building a derived panel. */
  fieldMap(): Map<string, Float64Array> {
    return new Map(this.values);
  }

  /** Names of the categorical fields. */
  get labelNames(): string[] {
    return [...this.labelFields.keys()];
  }

  hasLabel(name: string): boolean {
    return this.labelFields.has(name);
  }

  /** A categorical field (shared, not copied). */
  label(name: string): Labels {
    const l = this.labelFields.get(name);
    if (l === undefined) throw new RangeError(`Panel has no label field '${name}' (labels: ${this.labelNames.join(', ') || 'none'})`);
    return l;
  }

  /** The categorical fields, for building a derived panel. */
  labelMap(): ReadonlyMap<string, Labels> {
    return this.labelFields;
  }

  get fieldNames(): string[] {
    return [...this.values.keys()];
  }

  hasField(name: string): boolean {
    return this.values.has(name);
  }

  /** The raw date-major array of a field (shared, not copied: for src/ internals only). */
  field(name: string): Float64Array {
    const arr = this.values.get(name);
    if (arr === undefined) throw new RangeError(`Panel has no field '${name}' (fields: ${this.fieldNames.join(', ')})`);
    return arr;
  }

  /** The index of `date`, or -1. */
  indexOf(date: string): number {
    return this.dateIndexByDate.get(date) ?? -1;
  }
}

/**
 * A categorical field: one label per asset-date, stored as date-major codes
 * into `categories` (`-1` where the label is blank or the asset not listed).
 */
export class Labels {
  readonly categories: readonly string[];
  readonly codes: Int32Array;

  constructor(categories: readonly string[], codes: Int32Array) {
    for (let k = 0; k < codes.length; k++) {
      if (codes[k] < -1 || codes[k] >= categories.length) throw new RangeError(`label code ${codes[k]} at cell ${k} is outside 0..${categories.length - 1}`);
    }
    this.categories = categories;
    this.codes = codes;
  }

  /** The labels of every asset on bar `t` (`''` for none). */
  row(t: number, assets: number): string[] {
    const out = new Array<string>(assets);
    for (let i = 0; i < assets; i++) {
      const c = this.codes[t * assets + i];
      out[i] = c < 0 ? '' : this.categories[c];
    }
    return out;
  }
}

/** Named series: one value per date (macro data, index levels, rates). */
export class SeriesSet {
  readonly dates: readonly string[];
  private readonly values: ReadonlyMap<string, Float64Array>;

  constructor(dates: readonly string[], values: ReadonlyMap<string, Float64Array>) {
    for (const [name, arr] of values) {
      if (arr.length !== dates.length) {
        throw new RangeError(`Series '${name}' has ${arr.length} values, expected ${dates.length}`);
      }
    }
    this.dates = dates;
    this.values = values;
  }

  get names(): string[] {
    return [...this.values.keys()];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): Float64Array {
    const arr = this.values.get(name);
    if (arr === undefined) throw new RangeError(`No series '${name}' (series: ${this.names.join(', ') || 'none'})`);
    return arr;
  }

  /**
   * Values on `dates` (sorted): a value stamped with date `s` becomes known on
   * the first of `dates` on or after `s`, then `lagBars` bars later (a
   * publication lag). `NaN` where nothing became known; when several values
   * land on one bar, the latest stamped wins.
   */
  alignTo(name: string, dates: readonly string[], lagBars: number): Float64Array {
    const src = this.get(name);
    const out = new Float64Array(dates.length).fill(NaN);
    let t = 0;
    for (let i = 0; i < this.dates.length; i++) {
      while (t < dates.length && dates[t] < this.dates[i]) t++;
      if (t + lagBars >= dates.length) break;
      if (!Number.isNaN(src[i])) out[t + lagBars] = src[i];
    }
    return out;
  }
}

/** Everything a run reads: the asset panel, the named series, and where they came from. */
export interface Market {
  readonly panel: Panel;
  readonly series: SeriesSet;
  /** sha256 over the bytes of every file read, in a fixed order. */
  readonly fingerprint: string;
  readonly source: string;
  /** What loading noticed and changed, said in every run on it (a blank column treated as absent, say). */
  readonly notices?: readonly string[];
  /** Splits and dividends from `actions.csv`, applied to returns by `dataChecks.actions: 'adjust'` (the default when present). */
  readonly actions?: CorporateActions;
  /** Funding events from `funding.csv`, booked by `costs.funding: { per: 'file' }`. */
  readonly funding?: FundingEvents;
}
