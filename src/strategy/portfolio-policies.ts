import { OptimizerError } from '../core/errors.js';
import { predictedVariance, type FactorModel } from '../model/factor-model.js';
import { checkPortfolio } from '../optimize/check-portfolio.js';
import { withoutFamily } from '../optimize/diagnose-infeasible.js';
import { limitTerms } from '../optimize/terms/problem-terms.js';
import type { RelaxStep } from '../optimize/terms/term.js';
import { hedgePortfolio } from '../optimize/hedge.js';
import type { LpSolver } from '../optimize/linear-program.js';
import { optimizePortfolio, type OptimizeResult } from '../optimize/optimize-portfolio.js';
import type { PortfolioProblem } from '../optimize/portfolio-problem.js';
import type { HedgeSettings } from './define-strategy.js';
import type { EventRecord } from './decision-record.js';
import { definedFields } from '../core/defined-fields.js';

/**
 * The order in which `onInfeasible: 'relax'` gives limits up: the turnover
 * budget, per-asset trade sizes, tilts, group limits, then neutrality; each
 * limit term says its step (`relaxStep`). Net and gross exposure, position
 * caps, long-only and frozen assets have none and are never relaxed.
 */
export const RELAX_ORDER: readonly RelaxStep[] = ['turnover', 'max-trade', 'tilts', 'groups', 'neutrality'];

/**
 * Solve; when the problem is infeasible and the policy is `relax`, drop whole
 * steps of `RELAX_ORDER` until it solves, and say which limits were relaxed.
 * @throws OptimizerError when it stays infeasible (naming the conflict left
 *   after the relaxations) or the policy is not `relax`
 */
export async function solveWithPolicy(problem: PortfolioProblem, solvers: readonly LpSolver[], policy: 'hold' | 'relax' | 'stop'): Promise<{ result: OptimizeResult; relaxed: string[] }> {
  // Relaxing does not need to know which limits conflict: diagnose only a final failure.
  const diagnose = policy !== 'relax';
  try {
    return { result: await optimizePortfolio(problem, solvers, { diagnose }), relaxed: [] };
  } catch (err) {
    if (!(err instanceof OptimizerError) || err.code !== 'infeasible' || policy !== 'relax') throw err;
    let relaxedProblem = problem;
    const relaxed: string[] = [];
    for (const step of RELAX_ORDER) {
      const families = limitTerms(relaxedProblem).filter((t) => t.relaxStep === step).map((t) => t.family);
      if (families.length === 0) continue;
      relaxedProblem = families.reduce(withoutFamily, relaxedProblem);
      relaxed.push(...families);
      try {
        return { result: await optimizePortfolio(relaxedProblem, solvers, { diagnose: false }), relaxed };
      } catch (inner) {
        if (!(inner instanceof OptimizerError) || inner.code !== 'infeasible') throw inner;
      }
    }
    // Still infeasible: solve the last problem once more with the diagnosis, so the error names the conflict.
    try {
      return { result: await optimizePortfolio(relaxedProblem, solvers), relaxed };
    } catch (final) {
      if (!(final instanceof OptimizerError)) throw final;
      throw relaxed.length === 0 ? final : new OptimizerError(final.code, `${final.message}, even after relaxing ${relaxed.join(', ')}`, final.constraints);
    }
  }
}

/**
 * Scale the book towards an annualised ex-ante volatility target: the largest
 * scale `s ≤ target / predicted` (or ≥ it when scaling down) for which `s·w`
 * still passes every limit of `problem`. The set of such scales is an interval
 * containing 1 (the limits are convex and `w` satisfies them), so bisection
 * finds its end.
 */
export function targetVolatility(
  problem: PortfolioProblem,
  universe: readonly number[],
  targets: Float64Array,
  model: FactorModel,
  annualTarget: number,
  barsPerYear: number,
): { scale: number; targets: Float64Array; note?: string } {
  const predicted = Math.sqrt(predictedVariance(model, targets) * barsPerYear);
  if (!(predicted > 0)) return { scale: 1, targets, note: `predicted volatility is ${predicted}; the book was not scaled` };
  const wanted = annualTarget / predicted;
  const sub = Float64Array.from(universe, (i) => targets[i]);
  const ok = (s: number): boolean => checkPortfolio(problem, sub.map((w) => w * s)).length === 0;
  let scale = wanted;
  if (!ok(wanted)) {
    let good = 1;
    let bad = wanted;
    for (let k = 0; k < 50; k++) {
      const mid = (good + bad) / 2;
      if (ok(mid)) good = mid;
      else bad = mid;
    }
    scale = good;
  }
  const scaled = targets.map((w) => w * scale);
  const reached = predicted * scale;
  const note = Math.abs(scale - wanted) > 1e-9 ? `volatility target ${(100 * annualTarget).toFixed(1)}% needs ×${wanted.toFixed(3)}; the limits allow ×${scale.toFixed(3)} (predicted ${(100 * reached).toFixed(1)}%)` : undefined;
  return { scale, targets: scaled, ...definedFields({ note }) };
}

/** Hedge the book's model-factor exposures with the strategy's hedge instruments. */
export async function hedgeOverlay(
  settings: HedgeSettings,
  assets: readonly string[],
  targets: Float64Array,
  model: FactorModel,
  costRates: Float64Array,
  solvers: readonly LpSolver[],
): Promise<{ targets?: Float64Array; event: EventRecord }> {
  try {
    const K = model.factors.length;
    const exposures = settings.factors.map((name) => {
      const k = model.factors.indexOf(name);
      if (k < 0) throw new OptimizerError('invalid-problem', `hedge factor '${name}' is not a model factor (${model.factors.join(', ')})`);
      return { name, exposures: Float64Array.from(assets, (_, i) => model.loadings[i * K + k]) };
    });
    const hedged = await hedgePortfolio({ assets, book: targets, instruments: settings.instruments, exposures, band: settings.band ?? 0, maxAbsWeight: settings.maxAbsWeight ?? 1, costPerUnitTraded: costRates }, solvers);
    const trades = Array.from(hedged.hedge).flatMap((h, i) => (h !== 0 ? [`${assets[i]} ${h >= 0 ? '+' : ''}${h.toFixed(4)}`] : []));
    return { targets: hedged.weights, event: { kind: 'hedge', detail: `hedged ${settings.factors.join(', ')} with ${trades.join(', ') || 'no trade'}` } };
  } catch (err) {
    if (!(err instanceof OptimizerError)) throw err;
    return { event: { kind: 'hedge-failed', detail: `${err.message}; the book is traded unhedged` } };
  }
}
