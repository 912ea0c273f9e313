import { StrategyError, thrownMessage } from '../core/errors.js';
import type { History } from '../core/history.js';
import type { FactorDefinition } from '../factors/factor.js';
import { isLibraryFactor } from '../factors/index.js';

/**
 * One strategy factor's exposures on `history.asOf`. A library factor reads
 * the internal `history` (zero-copy windows); any other factor is user code
 * and gets the served twin (copies) and its result is copied, so nothing it
 * keeps can reach the future or change what the engine uses.
 * @param history an internal history (made by the engine)
 * @throws StrategyError `factor-failed` (it threw, naming the date and message), `bad-factor` (wrong shape)
 */
export function computeFactor(strategyName: string, key: string, def: FactorDefinition, history: History): Float64Array {
  const where = `strategy '${strategyName}'`;
  const library = isLibraryFactor(def);
  const n = history.assets.length;
  let values: unknown;
  try {
    values = library ? def.compute(history) : def.compute(history.served());
  } catch (err) {
    // The library's factors raise RangeError for inputs they cannot use (a missing column, say); anything else they throw is ours.
    if (library && !(err instanceof RangeError)) throw err;
    const detail = library ? `failed on ${history.asOf}: ${(err as RangeError).message}` : `threw on ${history.asOf}: ${thrownMessage(err)}`;
    throw new StrategyError('factor-failed', where, `factors.${key}`, detail);
  }
  if (!(values instanceof Float64Array) || values.length !== n) {
    throw new StrategyError('bad-factor', where, `factors.${key}`, `returned ${describeValues(values)} on ${history.asOf}; expected a Float64Array with one value per asset (${n})`);
  }
  return library ? values : values.slice();
}

/** A returned value's shape, for messages: `12 values`, `an array of 12 (not a Float64Array)`, `undefined`. */
export function describeValues(value: unknown): string {
  if (value instanceof Float64Array) return `${value.length} values`;
  if (Array.isArray(value)) return `an array of ${value.length} (not a Float64Array)`;
  return value === null ? 'null' : typeof value;
}
