import { Panel, SeriesSet, type Market } from '../../src/core/panel.js';
import { Random } from '../../src/core/random.js';

/** Replace every panel field and series value dated after index `cut` with noise. */
export function perturbAfter(market: Market, cut: number, seed: number): Market {
  const rng = new Random(seed);
  const { panel, series } = market;
  const n = panel.assets.length;
  const fields = new Map<string, Float64Array>();
  for (const name of panel.fieldNames) {
    const copy = panel.field(name).slice();
    for (let c = (cut + 1) * n; c < copy.length; c++) {
      if (Number.isNaN(copy[c])) continue;
      if (name === 'delisting_return') copy[c] = -rng.uniform();
      else if (rng.uniform() < 0.05) copy[c] = NaN;
      else copy[c] = copy[c] * Math.exp(0.5 * rng.normal()) + (name === 'funding_rate' ? 0.001 * rng.normal() : 0);
    }
    fields.set(name, copy);
  }
  const seriesValues = new Map(series.names.map((s) => [s, series.get(s).map((v, t) => (t > cut ? 10 * rng.normal() : v))]));
  return { ...market, panel: new Panel(panel.dates, panel.assets, fields), series: new SeriesSet(series.dates, seriesValues) };
}
