import type { EventRecord } from '../strategy/decision-record.js';

/** One kind of notice a run raised: how often, and its first message. */
export interface OutcomeReason {
  readonly kind: string;
  readonly count: number;
  readonly example: string;
}

/** The book liquidated because equity fell to the maintenance margin. */
export interface MarginCall {
  readonly date: string;
  /** Equity (NAV) and gross exposure, in currency, when the call was made (after that bar's moves). */
  readonly equity: number;
  readonly grossValue: number;
  /** The maintenance level: equity at or below `maintenance × grossValue` triggers the call. */
  readonly maintenance: number;
  /** NAV after liquidation at that close (negative: a loss beyond equity). */
  readonly navAfter: number;
}

/**
 * What the turnover budget bounds and what was executed. The budget bounds the
 * optimizer's trade at the decision: `Σ|target − book at the decision close|`
 * over the assets in that bar's universe. Two things make the executed trade
 * larger, and both are reported here rather than hidden: positions in assets
 * that left the universe are sold outside the budget (forced exits, in the
 * planned figure), and the trade executed `executionLagDays` later starts from
 * the book as prices have moved it since (drift).
 */
export interface TurnoverReport {
  /** `portfolio.limits.maxTurnover`, or null without one. */
  readonly budget: number | null;
  /** Executions of orders decided under the budget (not from an empty book). */
  readonly budgetedExecutions: number;
  /** Largest planned trade, forced exits included. */
  readonly maxPlanned: number;
  readonly maxRealised: number;
  /** Budgeted executions whose realised turnover exceeded the budget by more than 1e-9. */
  readonly overBudget: number;
}

/** How a run went, beyond its returns: what it attempted, what failed, and why. */
export interface RunOutcome {
  /** Each holding cost's P&L over the run, in currency (received positive), when the strategy has them: `{ funding, borrow, financing }`. */
  readonly holdingCosts?: Readonly<Record<string, number>>;
  /** Bars run, and bars before the first bar that held a position (not in the statistics). */
  readonly bars: number;
  readonly warmupBars: number;
  /** First bar whose close held a position (the statistics start there), or null: nothing was ever held. */
  readonly investedFrom: string | null;
  /** Bars of history the model needs before its first fit. */
  readonly modelWarmupBars: number;
  readonly fits: { readonly attempted: number; readonly failed: number };
  /** Rebalance bars: `traded` (an order was placed), `held` (infeasible or failed, the book kept), `skipped` (no model yet, too small a universe). */
  readonly rebalances: { readonly due: number; readonly traded: number; readonly held: number; readonly skipped: number };
  /** Orders still pending when the run ended or stopped. */
  readonly ordersUnexecuted: number;
  readonly reasons: readonly OutcomeReason[];
  readonly marginCall: MarginCall | null;
  readonly turnover: TurnoverReport;
  /** What loading the data noticed and changed (a blank column treated as absent), also the first bar's `data-notice` events. */
  readonly dataNotices: readonly string[];
}

/** Event kinds that mean part of a run did not work as asked (the others are information). */
const NOTICE_KINDS = ['fit-failed', 'rebalance-skipped', 'rebalance-infeasible', 'rebalance-failed', 'order-unexecuted', 'margin-call', 'solver-fallback', 'rebalance-relaxed'];

/** Counts a run's events by kind, keeping the first message of each. */
export class ReasonTally {
  readonly #byKind = new Map<string, { count: number; example: string }>();

  note(events: readonly EventRecord[]): void {
    for (const e of events) {
      if (!NOTICE_KINDS.includes(e.kind)) continue;
      const seen = this.#byKind.get(e.kind);
      if (seen === undefined) this.#byKind.set(e.kind, { count: 1, example: e.detail });
      else seen.count++;
    }
  }

  /** Every notice kind seen, most frequent first. */
  reasons(): OutcomeReason[] {
    return [...this.#byKind].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.count - a.count);
  }
}

/**
 * Why a run never held a position, and what to change: one line, from its
 * outcome. `period` names the bars run (`2021-01-01 .. 2021-06-30`).
 */
export function nothingTradedCause(outcome: RunOutcome, period: string): string {
  const reason = (kind: string): OutcomeReason | undefined => outcome.reasons.find((r) => r.kind === kind);
  const { fits, rebalances } = outcome;
  if (fits.attempted === 0) {
    return `no model was ever fitted: the model needs ${outcome.modelWarmupBars} bars of history before its first fit, and no bar of ${period} (${outcome.bars} bars) has that many before it; shorten model.windowDays, or give more history before --from`;
  }
  if (fits.failed === fits.attempted) {
    return `every model fit failed (${fits.failed} of ${fits.attempted}), first: ${reason('fit-failed')?.example ?? 'no message'}`;
  }
  if (rebalances.due === 0) return `no rebalance bar fell in ${period} after the first fit; run over a longer period or rebalance more often`;
  if (rebalances.traded === 0 && rebalances.skipped === rebalances.due) {
    return `every rebalance was skipped (${rebalances.skipped} of ${rebalances.due}), first: ${reason('rebalance-skipped')?.example ?? 'no message'}; check the universe filters and the factors' data`;
  }
  if (rebalances.traded === 0) {
    const first = reason('rebalance-infeasible') ?? reason('rebalance-failed') ?? reason('rebalance-skipped');
    return `no rebalance produced an order (${rebalances.held} held, ${rebalances.skipped} skipped of ${rebalances.due}), first: ${first?.example ?? 'no message'}; loosen the conflicting limits or set portfolio.onInfeasible to 'relax'`;
  }
  if (outcome.ordersUnexecuted > 0) return `the ${outcome.ordersUnexecuted} order(s) decided were due after the last bar of ${period} (executionLagDays); run to a later --to`;
  return `the ${rebalances.traded} order(s) executed left no position open (targets were all zero); check the signal`;
}
