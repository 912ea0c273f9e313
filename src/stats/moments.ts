/**
 * Mean and population central moments m2, m3, m4 (sums divided by `count`, not `count − 1`) of the
 * first `count` values: skewness is m3 / m2^1.5 and **raw** kurtosis m4 / m2² (3 for a normal).
 */
export function centralMoments(values: ArrayLike<number>, count: number = values.length): { mean: number; m2: number; m3: number; m4: number } {
  let mean = 0;
  for (let j = 0; j < count; j++) mean += values[j];
  mean /= count;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let j = 0; j < count; j++) {
    const d = values[j] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { mean, m2: m2 / count, m3: m3 / count, m4: m4 / count };
}
