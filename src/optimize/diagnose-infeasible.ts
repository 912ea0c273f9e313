import { buildProblem } from './build-problem.js';
import type { LpSolver } from './linear-program.js';
import type { PortfolioProblem } from './portfolio-problem.js';
import { asTerms, limitTerms } from './terms/problem-terms.js';

/** The limit families a problem has, each removable on its own, in the order of its terms. */
export function familiesOf(p: PortfolioProblem): string[] {
  return limitTerms(p).map((t) => t.family);
}

/**
 * The problem without one limit family: its term is dropped and what the term says replaces it is
 * added (dropping the gross limit of a long-short book keeps a per-asset cap, so the problem stays
 * bounded).
 */
export function withoutFamily(p: PortfolioProblem, family: string): PortfolioProblem {
  const terms = asTerms(p);
  const all = terms.limits ?? [];
  const kept = all.filter((t) => t.family !== family);
  const replacements = all.filter((t) => t.family === family).flatMap((t) => t.relaxed?.(kept, p) ?? []);
  return { ...terms, limits: [...kept, ...replacements] };
}

/**
 * An irreducible conflicting set of limit families (a deletion filter): start
 * from all families; drop each one whose removal leaves the problem
 * infeasible. What remains is infeasible together, and removing any one of
 * them makes it feasible. One LP solve per family.
 */
export async function diagnoseInfeasible(problem: PortfolioProblem, solver: LpSolver): Promise<string[]> {
  let kept = problem;
  const conflicting: string[] = [];
  for (const family of familiesOf(problem)) {
    const relaxed = withoutFamily(kept, family);
    const { status } = await solver.solve(buildProblem(relaxed));
    if (status === 'infeasible') kept = relaxed;
    else conflicting.push(family);
  }
  return conflicting;
}

/** The problem restricted to the given families (the others removed): for checking a diagnosis. */
export function onlyFamilies(problem: PortfolioProblem, families: readonly string[]): PortfolioProblem {
  return familiesOf(problem).reduce((p, f) => (families.includes(f) ? p : withoutFamily(p, f)), problem);
}

/** A family with the values involved, for error messages: `max-abs-weight (|w| <= 0.1)`. */
export function describeFamily(p: PortfolioProblem, family: string): string {
  return limitTerms(p).find((t) => t.family === family)?.describe() ?? family;
}
