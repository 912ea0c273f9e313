import { describe, expect, it } from 'vitest';
import { definedFields } from '../../src/core/defined-fields.js';

describe('definedFields', () => {
  it('keeps every field whose value is not undefined, falsy ones included, and drops the rest', () => {
    const out = definedFields({ a: 1, b: undefined, c: 0, d: null, e: '', f: false });
    expect(Object.keys(out)).toEqual(['a', 'c', 'd', 'e', 'f']);
    expect(out).toStrictEqual({ a: 1, c: 0, d: null, e: '', f: false });
  });

  it('gives an empty object for all-undefined fields, so a spread adds no key', () => {
    expect({ x: 1, ...definedFields({ from: undefined as string | undefined }) }).toStrictEqual({ x: 1 });
  });
});
