import type { ConstraintFamily } from './build-problem.js';
import { buildProblem } from './build-problem.js';
import type { LpSolver } from './linear-program.js';
import type { PortfolioProblem } from './portfolio-problem.js';

/** The limit families a problem has, each removable on its own. */
export function familiesOf(p: PortfolioProblem): ConstraintFamily[] {
  const out: ConstraintFamily[] = [];
  if (p.net !== undefined) out.push('net');
  if (p.gross !== undefined) out.push('gross');
  if (p.maxAbsWeight !== undefined) out.push('max-abs-weight');
  if (p.longOnly) out.push('long-only');
  if (p.minWeight !== undefined || p.maxWeight !== undefined) out.push('asset-bounds');
  if (p.maxTurnover !== undefined) out.push('turnover');
  if (p.maxTrade !== undefined) out.push('max-trade');
  if (p.frozen?.some((f) => f === 1) === true) out.push('frozen');
  for (const e of p.neutral) out.push(`neutral[${e.name}]`);
  for (const g of p.groups ?? []) out.push(`group[${g.name}]`);
  return out;
}

/**
 * The problem without one limit family. Dropping the gross limit of a
 * long-short book keeps a per-asset cap so the problem stays bounded.
 */
export function withoutFamily(p: PortfolioProblem, family: ConstraintFamily): PortfolioProblem {
  switch (family) {
    case 'net':
      return { ...p, net: undefined };
    case 'gross':
      return { ...p, gross: undefined, maxAbsWeight: p.maxAbsWeight ?? p.gross };
    case 'max-abs-weight':
      return { ...p, maxAbsWeight: undefined, gross: p.longOnly ? p.gross : (p.gross ?? p.assets.length) };
    case 'long-only':
      return { ...p, longOnly: false, gross: p.gross ?? (p.maxAbsWeight === undefined ? p.assets.length : undefined) };
    case 'asset-bounds':
      return { ...p, minWeight: undefined, maxWeight: undefined };
    case 'turnover':
      return { ...p, maxTurnover: undefined };
    case 'max-trade':
      return { ...p, maxTrade: undefined };
    case 'frozen':
      return { ...p, frozen: undefined };
    default:
      return {
        ...p,
        neutral: p.neutral.filter((e) => `neutral[${e.name}]` !== family),
        groups: (p.groups ?? []).filter((g) => `group[${g.name}]` !== family),
      };
  }
}

/**
 * An irreducible conflicting set of limit families (a deletion filter): start
 * from all families; drop each one whose removal leaves the problem
 * infeasible. What remains is infeasible together, and removing any one of
 * them makes it feasible. One LP solve per family.
 */
export async function diagnoseInfeasible(problem: PortfolioProblem, solver: LpSolver): Promise<ConstraintFamily[]> {
  let kept = problem;
  const conflicting: ConstraintFamily[] = [];
  for (const family of familiesOf(problem)) {
    const relaxed = withoutFamily(kept, family);
    const { status } = await solver.solve(buildProblem(relaxed));
    if (status === 'infeasible') kept = relaxed;
    else conflicting.push(family);
  }
  return conflicting;
}

/** The problem restricted to the given families (the others removed): for checking a diagnosis. */
export function onlyFamilies(problem: PortfolioProblem, families: readonly ConstraintFamily[]): PortfolioProblem {
  return familiesOf(problem).reduce((p, f) => (families.includes(f) ? p : withoutFamily(p, f)), problem);
}

/** A family with the values involved, for error messages: `max-abs-weight (|w| <= 0.1)`. */
export function describeFamily(p: PortfolioProblem, family: ConstraintFamily): string {
  switch (family) {
    case 'net':
      return `net (Σw = ${p.net}${p.netBand ? ` ± ${p.netBand}` : ''})`;
    case 'gross':
      return `gross (Σ|w| <= ${p.gross})`;
    case 'max-abs-weight':
      return `max-abs-weight (|w| <= ${p.maxAbsWeight})`;
    case 'long-only':
      return 'long-only (w >= 0)';
    case 'asset-bounds':
      return 'asset-bounds (per-asset floors and caps)';
    case 'turnover':
      return `turnover (Σ|w − current| <= ${p.maxTurnover})`;
    case 'max-trade':
      return 'max-trade (per-asset trade limits)';
    case 'frozen':
      return `frozen (${p.frozen?.reduce((c, f) => c + f, 0)} assets that may not trade)`;
    default: {
      const e = p.neutral.find((x) => `neutral[${x.name}]` === family);
      if (e !== undefined) return `${family} (|B'w − ${e.target ?? 0}| <= ${e.band})`;
      const g = (p.groups ?? []).find((x) => `group[${x.name}]` === family);
      return g === undefined ? family : `${family} (net in [${g.minNet ?? '-∞'}, ${g.maxNet ?? '∞'}]${g.maxGross === undefined ? '' : `, gross <= ${g.maxGross}`}, ${g.members.length} assets)`;
    }
  }
}
