/**
 * The fields a strategy definition may have, at every depth. A `KeySchema`
 * lists an object's keys; a key maps to a nested schema, to `'dynamic'` (the
 * user names the keys: factors, params, tilts; checked elsewhere), or to
 * `'leaf'` (a value, array or function, checked by the validators).
 */
type KeySchema = { readonly [key: string]: KeySchema | 'leaf' | 'dynamic' | ((value: Record<string, unknown>) => KeySchema) };

const RISK: KeySchema = { method: 'leaf', halfLifeDays: 'leaf', neweyWestLags: 'leaf', shrinkage: 'leaf', specificVarianceFloor: 'leaf' };
const MODEL_COMMON: KeySchema = { kind: 'leaf', windowDays: 'leaf', refitEvery: 'leaf', minObservations: 'leaf', seriesLagDays: 'leaf', seriesUnits: 'leaf', risk: RISK };
const MODEL_BY_KIND: Readonly<Record<string, KeySchema>> = {
  'time-series': { ...MODEL_COMMON, market: 'leaf', series: 'leaf', factorPortfolios: 'leaf', estimator: { method: 'leaf', halfLifeDays: 'leaf', ridgeLambda: 'leaf' } },
  'cross-sectional': { ...MODEL_COMMON, factors: 'leaf', weighting: 'leaf', horizonDays: 'leaf', neweyWestLags: 'leaf', industries: 'leaf' },
  statistical: { ...MODEL_COMMON, components: 'leaf', explainedVariance: 'leaf', maxComponents: 'leaf' },
};

const STRATEGY: KeySchema = {
  name: 'leaf',
  description: 'leaf',
  universe: { minHistoryDays: 'leaf', minMedianDollarVolume: 'leaf' },
  // The fields of a model depend on its kind; an unknown kind is reported by validateModel.
  model: (m) => MODEL_BY_KIND[String(m.kind)] ?? MODEL_COMMON,
  rebalance: 'leaf',
  executionLagDays: 'leaf',
  factors: 'dynamic',
  signal: 'leaf',
  portfolio: {
    objective: 'leaf',
    neutral: 'leaf',
    neutralToModel: 'leaf',
    neutralBand: 'leaf',
    tilts: 'dynamic',
    tiltsToModel: 'dynamic',
    minimize: 'leaf',
    minimizeModel: 'leaf',
    groups: { of: 'leaf', by: 'leaf', minNet: 'leaf', maxNet: 'leaf', maxGross: 'leaf' },
    longOnly: 'leaf',
    limits: { gross: 'leaf', net: 'leaf', netBand: 'leaf', maxAbsWeight: 'leaf', minWeight: 'leaf', maxWeight: 'leaf', maxTurnover: 'leaf', maxTradeAdv: 'leaf' },
    targetVolatility: 'leaf',
    hedge: { instruments: 'leaf', factors: 'leaf', band: 'leaf', maxAbsWeight: 'leaf' },
    constraints: 'leaf',
    onInfeasible: 'leaf',
  },
  costs: { commissionBps: 'leaf', halfSpreadBps: 'leaf', feeField: 'leaf', spreadField: 'leaf', perAssetBps: 'leaf', funding: { per: 'leaf', intervalHours: 'leaf', field: 'leaf', inObjective: { lookbackBars: 'leaf', horizonBars: 'leaf' } }, borrow: { annualRate: 'leaf', field: 'leaf' }, financing: { annualSpread: 'leaf' }, impact: { coefficient: 'leaf', volatilityBars: 'leaf', volumeBars: 'leaf' }, terms: 'leaf' },
  params: 'dynamic',
  initialNav: 'leaf',
  dataChecks: { policies: 'dynamic', extremeReturn: 'leaf', staleDays: 'leaf', gapDays: 'leaf', staleExclusion: 'leaf', actions: 'leaf' },
  margin: { maintenance: 'leaf' },
  riskFree: { series: 'leaf', per: 'leaf' },
};

/** The shape of each tilt: `{ target, band? }`. */
const TILT: KeySchema = { target: 'leaf', band: 'leaf' };

/**
 * Report every key of a strategy definition that is not a field, at any depth,
 * with the nearest valid name when one is close (`costs.comissionBps is not a
 * field; did you mean commissionBps?`).
 */
export function checkKnownFields(definition: Record<string, unknown>, add: (path: string, detail: string) => void): void {
  walk(definition, STRATEGY, '', add);
  const portfolio = asObject(definition.portfolio);
  for (const key of ['tilts', 'tiltsToModel']) {
    for (const [name, tilt] of Object.entries(asObject(portfolio?.[key]) ?? {})) {
      const t = asObject(tilt);
      if (t !== undefined) walk(t, TILT, `portfolio.${key}.${name}.`, add);
    }
  }
}

function walk(value: Record<string, unknown>, schema: KeySchema, prefix: string, add: (path: string, detail: string) => void): void {
  const fields = Object.keys(schema);
  for (const key of Object.keys(value)) {
    const rule = schema[key];
    if (rule === undefined) {
      const near = nearest(key, fields);
      add(`${prefix}${key}`, near === undefined ? `is not a field (fields here: ${fields.join(', ')})` : `is not a field; did you mean ${near}?`);
      continue;
    }
    if (rule === 'leaf' || rule === 'dynamic') continue;
    const child = asObject(value[key]);
    if (child === undefined) continue;
    walk(child, typeof rule === 'function' ? rule(child) : rule, `${prefix}${key}.`, add);
  }
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The candidate closest to `name` by edit distance (case-insensitive), if close enough to be a slip: at most 1 edit per 3 characters, at least 2. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions, adjacent swaps). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Int32Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}
