import { createDualSimplexSolver } from './dual-simplex.js';
import { createHighsSolver } from './highs-solver.js';
import { createJsLpSolver } from './jslp-solver.js';
import type { LpSolver } from './linear-program.js';

/** The LP backends by name, in the default order of preference. */
export const BACKENDS = ['dual-simplex', 'highs', 'javascript-lp-solver'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Whether `name` is one of `BACKENDS`. */
export function isBackendName(name: string): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name);
}

/**
 * The backend list that starts with `first`, the others after it as fallbacks:
 * dual-simplex → highs → javascript-lp-solver, highs → javascript-lp-solver,
 * javascript-lp-solver → highs.
 */
export function backendsFrom(first: BackendName): BackendName[] {
  return first === 'javascript-lp-solver' ? [first, 'highs'] : BACKENDS.slice(BACKENDS.indexOf(first));
}

/**
 * The backends named, in that order (a study's worker threads rebuild the
 * caller's list this way, so results do not depend on the number of workers).
 * javascript-lp-solver gets a 10 s time limit per solve.
 * @throws RangeError for a name not in `BACKENDS`
 */
export async function createSolvers(names: readonly string[]): Promise<LpSolver[]> {
  const out: LpSolver[] = [];
  for (const name of names) {
    if (!isBackendName(name)) throw new RangeError(`LP backend '${name}' must be one of ${BACKENDS.join(', ')}`);
    out.push(name === 'dual-simplex' ? createDualSimplexSolver() : name === 'highs' ? await createHighsSolver() : createJsLpSolver({ timeLimitSeconds: 10 }));
  }
  return out;
}
