import { UsageError } from '../core/errors.js';

/** Command-line values, checked once here so every command words its errors the same way. */

/**
 * An integer flag: `undefined` when absent (or `fallback` when given).
 * @throws UsageError naming the flag, the value and the smallest allowed integer
 */
export function integerFlag(flag: string, value: string | undefined, min: number): number | undefined;
export function integerFlag(flag: string, value: string | undefined, min: number, fallback: number): number;
export function integerFlag(flag: string, value: string | undefined, min: number, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (value.trim() === '' || !(Number.isInteger(x) && x >= min)) throw new UsageError(`${flag} '${value}' must be an integer >= ${min}`);
  return x;
}

/**
 * A number flag strictly above `above` (or at least `atLeast`).
 * @throws UsageError naming the flag, the value and the bound
 */
export function numberFlag(flag: string, value: string | undefined, bound: { readonly above?: number; readonly atLeast?: number }): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(x) && (bound.above === undefined || x > bound.above) && (bound.atLeast === undefined || x >= bound.atLeast);
  if (!ok) throw new UsageError(`${flag} '${value}' must be a number ${bound.above === undefined ? `>= ${bound.atLeast ?? '-∞'}` : `> ${bound.above}`}`);
  return x;
}

/**
 * A calendar date flag, `yyyy-mm-dd`, that exists (2024-02-30 does not).
 * @throws UsageError naming the flag and the value
 */
export function dateFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m === null ? undefined : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (date === undefined || date.toISOString().slice(0, 10) !== value) throw new UsageError(`${flag} '${value}' must be a date in yyyy-mm-dd form`);
  return value;
}

/**
 * A run (`r3` or `3`) or study (`s1`) id.
 * @throws UsageError naming where the id was given
 */
export function subjectId(raw: string, where: string): { readonly kind: 'run' | 'study'; readonly id: number } {
  const m = /^([rs]?)(\d+)$/.exec(raw);
  if (m === null || Number(m[2]) <= 0) throw new UsageError(`${where}: '${raw}' is not a run (r3 or 3) or study (s1) id`);
  return { kind: m[1] === 's' ? 'study' : 'run', id: Number(m[2]) };
}
