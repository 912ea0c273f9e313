const CADENCES = ['day', 'week', 'month'];
const KINDS = ['time-series', 'cross-sectional', 'statistical'];

type Add = (path: string, detail: string) => void;

/**
 * Check `strategy.model` and return the names of the factors the fitted model
 * will have (what `portfolio.neutralToModel` may name). Statistical models
 * whose size is chosen by explained variance may have `pc1`…`pc<maxComponents>`.
 */
export function validateModel(model: Record<string, unknown>, factorKeys: readonly string[], seriesNames: readonly string[], add: Add, riskFreeSeries?: string): string[] {
  const isInt = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min;
  const int = (v: unknown, path: string, min: number): void => {
    if (v !== undefined && !isInt(v, min)) add(path, `(${String(v)}) must be an integer >= ${min}`);
  };
  if (!KINDS.includes(model.kind as string)) add('model.kind', `('${String(model.kind)}') must be one of ${KINDS.join(', ')}`);
  if (!CADENCES.includes(model.refitEvery as string)) add('model.refitEvery', `(${String(model.refitEvery)}) must be one of ${CADENCES.join(', ')}`);
  int(model.seriesLagDays, 'model.seriesLagDays', 0);
  if (model.seriesUnits !== undefined) {
    if (typeof model.seriesUnits !== 'object' || model.seriesUnits === null) add('model.seriesUnits', "must be an object like { RF: 'percent' }");
    else {
      for (const [name, unit] of Object.entries(model.seriesUnits)) {
        if (!seriesNames.includes(name)) add(`model.seriesUnits.${name}`, `is not a series in the data (series: ${seriesNames.join(', ') || 'none'})`);
        else if (unit !== 'fraction' && unit !== 'percent') add(`model.seriesUnits.${name}`, `('${String(unit)}') must be 'fraction' or 'percent'`);
      }
    }
  }
  const keys = (value: unknown, path: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      add(path, "must be an array of the strategy's factor keys");
      return [];
    }
    return value.flatMap((name: unknown, k) => {
      if (typeof name === 'string' && factorKeys.includes(name)) return [name];
      add(`${path}[${k}]`, `('${String(name)}') is not one of the strategy's factors (${factorKeys.join(', ')})`);
      return [];
    });
  };
  let modelFactors: string[] = [];
  if (model.kind === 'time-series') {
    if (model.series !== undefined && !Array.isArray(model.series)) add('model.series', 'must be an array of series names');
    // By default every series is a factor, except the risk-free rate.
    const requested = Array.isArray(model.series) ? (model.series as unknown[]) : seriesNames.filter((s) => s !== riskFreeSeries);
    const series = requested.flatMap((name, k) => {
      if (typeof name === 'string' && seriesNames.includes(name)) return [name];
      add(`model.series[${k}]`, `('${String(name)}') is not a series in the data (series: ${seriesNames.join(', ') || 'none'})`);
      return [];
    });
    if (model.market !== undefined && typeof model.market !== 'boolean') add('model.market', 'must be true or false');
    modelFactors = [...(model.market === false ? [] : ['market']), ...series, ...keys(model.factorPortfolios, 'model.factorPortfolios')];
    if (modelFactors.length === 0) add('model', 'a time-series model needs at least one factor: market, series or factorPortfolios');
    const est = model.estimator as Record<string, unknown> | undefined;
    if (est !== undefined) {
      if (est.method !== undefined && !['ols', 'wls', 'ridge'].includes(est.method as string)) add('model.estimator.method', `('${String(est.method)}') must be ols, wls or ridge`);
      positive(est.halfLifeDays, 'model.estimator.halfLifeDays', add);
      if (est.ridgeLambda !== undefined && !(typeof est.ridgeLambda === 'number' && est.ridgeLambda >= 0)) add('model.estimator.ridgeLambda', `(${String(est.ridgeLambda)}) must be a number >= 0`);
    }
  } else if (model.kind === 'cross-sectional') {
    const styles = keys(model.factors, 'model.factors');
    if (styles.length === 0) add('model.factors', "must list at least one of the strategy's factors to use as exposures");
    modelFactors = ['market', ...styles];
    if (model.industries !== undefined) {
      if (typeof model.industries !== 'string' || model.industries === '') add('model.industries', 'must name a categorical column of the data, such as sector');
      else modelFactors.push(`${model.industries}:*`);
    }
    if (model.weighting !== undefined && !['sqrt-cap', 'equal'].includes(model.weighting as string)) add('model.weighting', `('${String(model.weighting)}') must be 'sqrt-cap' or 'equal'`);
    int(model.horizonDays, 'model.horizonDays', 1);
    const h = isInt(model.horizonDays, 1) ? (model.horizonDays as number) : 1;
    int(model.neweyWestLags, 'model.neweyWestLags', Math.max(0, h - 1));
  } else if (model.kind === 'statistical') {
    int(model.components, 'model.components', 1);
    int(model.maxComponents, 'model.maxComponents', 1);
    const ev = model.explainedVariance;
    if (ev !== undefined && !(typeof ev === 'number' && ev > 0 && ev <= 1)) add('model.explainedVariance', `(${String(ev)}) must be in (0, 1]`);
    const count = isInt(model.components, 1) ? (model.components as number) : isInt(model.maxComponents, 1) ? (model.maxComponents as number) : 10;
    modelFactors = Array.from({ length: count }, (_, k) => `pc${k + 1}`);
  }
  const fixedCount = model.kind === 'statistical' ? (isInt(model.components, 1) ? (model.components as number) : 1) : modelFactors.length;
  if (!isInt(model.windowDays, fixedCount + 3)) {
    add('model.windowDays', `(${String(model.windowDays)}) must be an integer greater than the number of model factors + 2 (${fixedCount + 2})`);
  }
  int(model.minObservations, 'model.minObservations', fixedCount + 2);
  const risk = model.risk as Record<string, unknown> | undefined;
  if (risk !== undefined) {
    if (risk.method !== undefined && !['sample', 'ewma', 'newey-west'].includes(risk.method as string)) add('model.risk.method', `('${String(risk.method)}') must be sample, ewma or newey-west`);
    if (risk.shrinkage !== undefined && !['auto', 'ledoit-wolf', 'none'].includes(risk.shrinkage as string)) add('model.risk.shrinkage', `('${String(risk.shrinkage)}') must be auto, ledoit-wolf or none`);
    positive(risk.halfLifeDays, 'model.risk.halfLifeDays', add);
    int(risk.neweyWestLags, 'model.risk.neweyWestLags', 0);
    if (risk.specificVarianceFloor !== undefined && !(typeof risk.specificVarianceFloor === 'number' && risk.specificVarianceFloor >= 0)) {
      add('model.risk.specificVarianceFloor', `(${String(risk.specificVarianceFloor)}) must be a number >= 0`);
    }
  }
  return modelFactors;
}

function positive(v: unknown, path: string, add: Add): void {
  if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) add(path, `(${String(v)}) must be a positive number`);
}
