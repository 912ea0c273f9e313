type Add = (path: string, detail: string) => void;

const OBJECTIVES = ['max-alpha', 'min-distance', 'min-exposure'];
const POLICIES = ['hold', 'relax', 'stop'];

/** Check `strategy.portfolio`, naming every bad field. */
export function validatePortfolio(portfolio: Record<string, unknown>, factorKeys: readonly string[], modelFactors: readonly string[], add: Add): void {
  const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined);
  const number = (v: unknown, path: string, check: (x: number) => boolean, expected: string): void => {
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && check(v))) add(path, `(${String(v)}) must be ${expected}`);
  };
  const names = (value: unknown, path: string, allowed: readonly string[], what: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      add(path, `must be an array of ${what}`);
      return [];
    }
    return value.flatMap((name: unknown, k) => {
      if (typeof name === 'string' && isAllowed(name, allowed)) return [name];
      add(`${path}[${k}]`, `('${String(name)}') is not ${what === 'factor keys' ? "one of the strategy's factors" : 'a model factor'} (${allowed.join(', ')})`);
      return [];
    });
  };
  const targets = (value: unknown, path: string, allowed: readonly string[], what: string): void => {
    if (value === undefined) return;
    const o = obj(value);
    if (o === undefined) return add(path, 'must be an object like { momentum: { target: 0.5, band: 0.1 } }');
    for (const [name, t] of Object.entries(o)) {
      if (!isAllowed(name, allowed)) add(`${path}.${name}`, `is not ${what} (${allowed.join(', ')})`);
      const tt = obj(t);
      if (tt === undefined) add(`${path}.${name}`, 'must be { target, band? }');
      else {
        number(tt.target, `${path}.${name}.target`, () => true, 'a finite number');
        if (tt.target === undefined) add(`${path}.${name}.target`, 'is required');
        number(tt.band, `${path}.${name}.band`, (x) => x >= 0, 'a number >= 0');
      }
    }
  };

  if (!OBJECTIVES.includes(portfolio.objective as string)) add('portfolio.objective', `('${String(portfolio.objective)}') must be one of ${OBJECTIVES.join(', ')}`);
  names(portfolio.neutral, 'portfolio.neutral', factorKeys, 'factor keys');
  names(portfolio.neutralToModel, 'portfolio.neutralToModel', modelFactors, 'model factors');
  number(portfolio.neutralBand, 'portfolio.neutralBand', (x) => x >= 0, 'a number >= 0');
  targets(portfolio.tilts, 'portfolio.tilts', factorKeys, "one of the strategy's factors");
  targets(portfolio.tiltsToModel, 'portfolio.tiltsToModel', modelFactors, 'a model factor');
  const minimize = names(portfolio.minimize, 'portfolio.minimize', factorKeys, 'factor keys');
  const minimizeModel = names(portfolio.minimizeModel, 'portfolio.minimizeModel', modelFactors, 'model factors');
  if (portfolio.objective === 'min-exposure' && minimize.length + minimizeModel.length === 0) add('portfolio.minimize', "is needed by objective 'min-exposure': name the exposures to minimise");
  if (portfolio.longOnly !== undefined && typeof portfolio.longOnly !== 'boolean') add('portfolio.longOnly', 'must be true or false');
  if (portfolio.constraints !== undefined) {
    if (!Array.isArray(portfolio.constraints)) add('portfolio.constraints', 'must be an array of limit terms (objects with family, check and describe) or functions of the universe that return one');
    else
      portfolio.constraints.forEach((c: unknown, k: number) => {
        const term = c as { family?: unknown; check?: unknown; describe?: unknown };
        if (typeof c !== 'function' && !(typeof c === 'object' && c !== null && typeof term.family === 'string' && typeof term.check === 'function' && typeof term.describe === 'function')) {
          add(`portfolio.constraints[${k}]`, 'must be a limit term (family, check, describe; see docs/optimizer.md "Terms") or a function (universe) => term');
        }
      });
  }
  if (portfolio.onInfeasible !== undefined && !POLICIES.includes(portfolio.onInfeasible as string)) add('portfolio.onInfeasible', `('${String(portfolio.onInfeasible)}') must be one of ${POLICIES.join(', ')}`);
  number(portfolio.targetVolatility, 'portfolio.targetVolatility', (x) => x > 0, 'a positive annualised volatility (0.1 = 10%)');
  const groups = obj(portfolio.groups);
  if (portfolio.groups !== undefined) {
    if (groups === undefined) add('portfolio.groups', "must be { by: 'sector' } or { of: (ctx) => labels }, with minNet, maxNet or maxGross");
    else if (groups.by !== undefined && groups.of !== undefined) add('portfolio.groups', 'has both by and of; give one: the column (by) or the function (of)');
    else if (groups.by === undefined && typeof groups.of !== 'function') add('portfolio.groups.of', "must be a function (ctx) => one group label per asset (or use by: 'sector' for a column of the data)");
    else if (groups.of === undefined && (typeof groups.by !== 'string' || groups.by === '')) add('portfolio.groups.by', 'must name a categorical column of the data, such as sector');
    else {
      number(groups.minNet, 'portfolio.groups.minNet', () => true, 'a finite number');
      number(groups.maxNet, 'portfolio.groups.maxNet', () => true, 'a finite number');
      number(groups.maxGross, 'portfolio.groups.maxGross', (x) => x > 0, 'a positive number');
    }
  }
  const hedge = obj(portfolio.hedge);
  if (portfolio.hedge !== undefined) {
    if (hedge === undefined) add('portfolio.hedge', 'must be { instruments, factors, band?, maxAbsWeight? }');
    else {
      if (!Array.isArray(hedge.instruments) || hedge.instruments.length === 0 || hedge.instruments.some((x) => typeof x !== 'string')) add('portfolio.hedge.instruments', 'must be a non-empty array of asset ids');
      names(hedge.factors, 'portfolio.hedge.factors', modelFactors, 'model factors');
      number(hedge.band, 'portfolio.hedge.band', (x) => x >= 0, 'a number >= 0');
      number(hedge.maxAbsWeight, 'portfolio.hedge.maxAbsWeight', (x) => x > 0, 'a positive number');
    }
  }
  const limits = obj(portfolio.limits);
  if (limits === undefined) return add('portfolio.limits', 'must be an object (gross, net, maxAbsWeight, maxTurnover, …)');
  number(limits.gross, 'portfolio.limits.gross', (x) => x > 0, 'a positive number');
  number(limits.net, 'portfolio.limits.net', () => true, 'a finite number');
  number(limits.netBand, 'portfolio.limits.netBand', (x) => x >= 0, 'a number >= 0');
  number(limits.maxAbsWeight, 'portfolio.limits.maxAbsWeight', (x) => x > 0, 'a positive number');
  number(limits.minWeight, 'portfolio.limits.minWeight', () => true, 'a finite number');
  number(limits.maxWeight, 'portfolio.limits.maxWeight', () => true, 'a finite number');
  number(limits.maxTurnover, 'portfolio.limits.maxTurnover', (x) => x > 0, 'a positive number');
  number(limits.maxTradeAdv, 'portfolio.limits.maxTradeAdv', (x) => x > 0, 'a positive fraction of average dollar volume');
  if (typeof limits.minWeight === 'number' && typeof limits.maxWeight === 'number' && limits.minWeight > limits.maxWeight) {
    add('portfolio.limits.minWeight', `(${limits.minWeight}) must not exceed maxWeight (${limits.maxWeight})`);
  }
  if (portfolio.longOnly === true && typeof limits.net === 'number' && limits.net <= 0) add('portfolio.limits.net', `(${limits.net}) must be positive for a long-only portfolio`);
  if (typeof limits.gross === 'number' && typeof limits.net === 'number' && limits.gross < Math.abs(limits.net)) {
    add('portfolio.limits.gross', `(${limits.gross}) must be at least |net| (${Math.abs(limits.net)}): no weights can satisfy both`);
  }
  if (portfolio.longOnly !== true && limits.gross === undefined && limits.maxAbsWeight === undefined) add('portfolio.limits', 'a long-short portfolio needs gross or maxAbsWeight, or it is unbounded');
}

/** Whether `name` is allowed: listed, or under a listed `prefix:*` (industry factors, whose categories come from the data). */
function isAllowed(name: string, allowed: readonly string[]): boolean {
  return allowed.includes(name) || allowed.some((a) => a.endsWith(':*') && name.startsWith(a.slice(0, -1)) && name.length > a.length - 1);
}
