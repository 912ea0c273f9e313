/** The stages of a walk-forward bar whose wall time a benchmark can watch. */
export type StageName = 'factors' | 'fits' | 'optimisation' | 'accounting' | 'storage' | 'diagnostics';

/** Told the wall time of each stage as it happens (benchmarks); the loop runs the same with or without one. */
export interface StageObserver {
  add(stage: StageName, ms: number): void;
}

/**
 * Milliseconds per stage, summed over a run: an observer to pass as `observer`, read after the run.
 * - `factors`: exposures, signal, universe and problem building (the decision minus the LP);
 * - `fits`: model refits and their evaluation;
 * - `optimisation`: LP building, solves, answer checks, fallbacks, infeasibility diagnosis and relaxation, volatility target, hedge;
 * - `accounting`: marking to market, execution, attribution, predicted risk, the daily record;
 * - `storage`: the recorder (SQLite writes);
 * - `diagnostics`: the performance summary at the end.
 */
export class StageTotals implements StageObserver {
  factors = 0;
  fits = 0;
  optimisation = 0;
  accounting = 0;
  storage = 0;
  diagnostics = 0;

  add(stage: StageName, ms: number): void {
    this[stage] += ms;
  }
}

/**
 * The loop's clock: times a stage only when someone observes, and gives a bar's remaining time to
 * `accounting` when the bar ends.
 */
export class StageClock {
  private barStarted = 0;
  private timedInBar = 0;

  constructor(private readonly observer: StageObserver | undefined) {}

  startBar(): void {
    if (this.observer === undefined) return;
    this.barStarted = performance.now();
    this.timedInBar = 0;
  }

  /** Run `work` and add its wall time to `stage`. */
  time<T>(stage: StageName, work: () => T): T {
    if (this.observer === undefined) return work();
    const started = performance.now();
    const result = work();
    this.add(stage, performance.now() - started);
    return result;
  }

  /** Await `work`; its wall time less what `split` assigns elsewhere goes to `stage`. */
  async timeAsync<T>(stage: StageName, work: () => Promise<T>, split?: (result: T) => Partial<Record<StageName, number>>): Promise<T> {
    if (this.observer === undefined) return work();
    const started = performance.now();
    const result = await work();
    let rest = performance.now() - started;
    for (const [other, ms] of Object.entries(split?.(result) ?? {}) as Array<[StageName, number]>) {
      this.add(other, ms);
      rest -= ms;
    }
    this.add(stage, rest);
    return result;
  }

  /** Give the bar's time not spent in a timed stage to `accounting`. */
  endBar(): void {
    if (this.observer === undefined) return;
    this.observer.add('accounting', performance.now() - this.barStarted - this.timedInBar);
  }

  private add(stage: StageName, ms: number): void {
    this.observer?.add(stage, ms);
    this.timedInBar += ms;
  }
}
