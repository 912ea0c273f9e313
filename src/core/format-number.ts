/** A fraction as a percentage with `digits` decimals; `n/a` for null or a non-finite value. */
export function percent(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`;
}

/** A number with `digits` decimals; `n/a` for null or a non-finite value. */
export function fixed(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
}
