import { OptimizerError } from '../core/errors.js';
import { costOf, type PortfolioProblem } from './portfolio-problem.js';
import { limitTerms } from './terms/problem-terms.js';

/** Reject a problem whose inputs cannot describe a portfolio, naming the input and the asset. */
export function validateProblem(p: PortfolioProblem): void {
  const n = p.assets.length;
  const bad = (what: string): never => {
    throw new OptimizerError('invalid-problem', what);
  };
  const vector = (name: string, v: Float64Array | Uint8Array | undefined, allowInfinite = false): void => {
    if (v === undefined) return;
    if (v.length !== n) bad(`${name} has ${v.length} entries, expected one per asset (${n})`);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (!(allowInfinite ? !Number.isNaN(x) : Number.isFinite(x))) bad(`${name} of ${p.assets[i]} is ${x}`);
    }
  };
  if (n === 0) bad('the universe is empty');
  const objective = p.objective ?? 'max-alpha';
  vector('alpha', p.alpha);
  vector('current weight', p.current);
  if (objective === 'min-distance') {
    if (p.target === undefined) bad("objective 'min-distance' needs target weights");
    vector('target weight', p.target);
  }
  if (objective === 'min-exposure' && (p.minimize ?? []).length === 0) bad("objective 'min-exposure' needs exposures to minimise");
  for (const m of p.minimize ?? []) vector(`exposure '${m.name}'`, m.exposures);
  const terms = limitTerms(p);
  for (const term of terms) term.validate?.(p.assets, bad);
  for (const [what, names] of [['exposure limit', p.neutral.map((e) => e.name)], ['minimised exposure', (p.minimize ?? []).map((m) => m.name)], ['group', (p.groups ?? []).map((g) => g.name)]] as const) {
    const dup = names.find((x, k) => names.indexOf(x) !== k);
    if (dup !== undefined) bad(`${what} '${dup}' appears twice; names must be unique`);
  }
  const families = terms.map((t) => t.family);
  const twice = families.find((f, k) => families.indexOf(f) !== k);
  if (twice !== undefined) bad(`limit '${twice}' appears twice; each limit family must be unique`);
  if (!terms.some((t) => t.family === 'long-only' || t.bounds === true)) bad('a long-short problem needs a gross limit or a per-asset cap, or it is unbounded');
  for (let i = 0; i < n; i++) if (!(costOf(p, i) >= 0)) bad(`cost per unit traded of ${p.assets[i]} (${costOf(p, i)}) must be >= 0`);
  for (const cost of p.tradingCosts ?? []) {
    for (let i = 0; i < n; i++) {
      const rate = cost.linearRate?.(i) ?? 0;
      if (!(rate >= 0)) bad(`${cost.name} cost per unit traded of ${p.assets[i]} (${rate}) must be >= 0`);
      if (!(cost.cost(i, 1e-3) >= 0)) bad(`${cost.name} cost of ${p.assets[i]} is ${cost.cost(i, 1e-3)} for a trade of 0.1% of NAV; it must be a number >= 0`);
    }
  }
}
