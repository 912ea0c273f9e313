/**
 * Subtract each group's mean (sectors, exchanges, clusters): the result sums
 * to zero within every group, so a signal carries no group bet. `groups` holds
 * one label per asset, aligned with `x`; an asset with no label (`''`) or a
 * missing value is `NaN`. With `options.scale`, each group is also divided by
 * its own sample standard deviation (a within-group z-score).
 * @example neutralizeWithinGroups(Float64Array.of(1, 3, 10, 20), ['a', 'a', 'b', 'b']) // [-1, 1, -5, 5]
 */
export function neutralizeWithinGroups(x: Float64Array, groups: readonly string[], options: { readonly scale?: boolean } = {}): Float64Array {
  if (groups.length !== x.length) throw new RangeError(`neutralizeWithinGroups: groups has ${groups.length} labels, x has ${x.length} values`);
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    if (g === '' || !Number.isFinite(x[i])) return;
    const list = members.get(g);
    if (list === undefined) members.set(g, [i]);
    else list.push(i);
  });
  const out = new Float64Array(x.length).fill(NaN);
  for (const list of members.values()) {
    const mean = list.reduce((s, i) => s + x[i], 0) / list.length;
    const sd = list.length > 1 ? Math.sqrt(list.reduce((s, i) => s + (x[i] - mean) ** 2, 0) / (list.length - 1)) : 0;
    for (const i of list) out[i] = options.scale === true ? (sd > 0 ? (x[i] - mean) / sd : 0) : x[i] - mean;
  }
  return out;
}
