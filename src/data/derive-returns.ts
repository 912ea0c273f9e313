import type { Panel } from '../core/panel.js';

/**
 * Add a `return` field: simple return from the last valid close to this close,
 * compounded with `delisting_return` on the row that carries one. `NaN` on the
 * first close of an asset and where the close is missing (the next valid close
 * then carries the whole move, so compounding stays exact).
 */
export function withReturns(panel: Panel): Panel {
  const n = panel.assets.length;
  const T = panel.dates.length;
  const close = panel.field('close');
  const delist = panel.hasField('delisting_return') ? panel.field('delisting_return') : undefined;
  const ret = new Float64Array(T * n).fill(NaN);
  for (let i = 0; i < n; i++) {
    let prev = NaN;
    for (let t = 0; t < T; t++) {
      const cell = t * n + i;
      const c = close[cell];
      if (Number.isNaN(c)) continue;
      if (!Number.isNaN(prev)) ret[cell] = c / prev - 1;
      const d = delist === undefined ? NaN : delist[cell];
      if (!Number.isNaN(d)) ret[cell] = (Number.isNaN(ret[cell]) ? 1 : 1 + ret[cell]) * (1 + d) - 1;
      prev = c;
    }
  }
  const fields = panel.fieldMap();
  fields.set('return', ret);
  return panel.withFields(fields);
}
