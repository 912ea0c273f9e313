import { expect } from 'vitest';
import { DataError } from '../../src/core/errors.js';

/** The DataError `run` throws (failing the test when it throws nothing, or anything else). */
export function dataErrorOf(run: () => unknown): DataError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}
