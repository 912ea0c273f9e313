import type { DayRecord, Recorder } from '../../src/engine/recorder.js';
import type { StrategyDefinition } from '../../src/index.js';
import fixture from '../fixtures/strategies/small-momentum.js';

/** Keeps every recorded bar in memory. */
export class MemoryRecorder implements Recorder {
  readonly days: DayRecord[] = [];

  recordDay(day: DayRecord): void {
    this.days.push(day);
  }
}

/** The fixture strategy (30-3 momentum, beta- and size-neutral, weekly), with overrides. */
export function smallStrategy(overrides: Partial<StrategyDefinition> = {}): StrategyDefinition {
  return { ...(fixture as StrategyDefinition), ...overrides };
}
