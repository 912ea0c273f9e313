import { Random } from '../src/core/random.js';
import { createHighsSolver } from '../src/optimize/highs-solver.js';
import { buildProblem } from '../src/optimize/build-problem.js';
import { LpBuilder } from '../src/optimize/linear-program.js';
const highs = await createHighsSolver();
const n = 1000, K = 10;
for (let seed = 100; seed < 103; seed++) {
  const rng = new Random(seed);
  const exposures = Array.from({ length: K }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const w = Float64Array.from({ length: n }, () => rng.normal() / n);
  for (const b of [new Float64Array(n).fill(1), ...exposures]) { let bw = 0, bb = 0; for (let i = 0; i < n; i++) { bw += b[i] * w[i]; bb += b[i] * b[i]; } for (let i = 0; i < n; i++) w[i] -= (bw / bb) * b[i]; }
  const alpha = Float64Array.from({ length: n }, () => rng.normal());
  const problem = { assets: Array.from({ length: n }, (_, i) => `A${i}`), alpha, current: w, neutral: exposures.map((e, k) => ({ name: `f${k}`, exposures: e, band: 1e-6 })), net: 0, gross: 2, maxAbsWeight: 0.02, longOnly: false, maxTurnover: 0.5, costPerUnitTraded: 0.0007 };
  const a = await highs.solve(buildProblem(problem));
  // Compact: columns p, q, u, v (4n); rows: p − q − u + v = c (n), net, gross, turnover, K exposures.
  const cap = 0.02, c = 0.0007;
  const names: string[] = []; const cost = new Float64Array(4 * n); const lo = new Float64Array(4 * n); const hi = new Float64Array(4 * n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    names[i] = `p${i}`; names[n + i] = `q${i}`; names[2 * n + i] = `u${i}`; names[3 * n + i] = `v${i}`;
    cost[i] = alpha[i]; cost[n + i] = -alpha[i]; cost[2 * n + i] = -c; cost[3 * n + i] = -c;
    hi[i] = cap; hi[n + i] = cap;
  }
  const rows = new LpBuilder();
  for (let i = 0; i < n; i++) rows.addRow(`link${i}`, w[i], w[i], [i, n + i, 2 * n + i, 3 * n + i], [1, -1, -1, 1]);
  const all = Array.from({ length: n }, (_, i) => i);
  rows.addRow('net', 0, 0, [...all, ...all.map((i) => n + i)], [...all.map(() => 1), ...all.map(() => -1)]);
  rows.addRow('gross', -Infinity, 2, [...all, ...all.map((i) => n + i)], [...all.map(() => 1), ...all.map(() => 1)]);
  rows.addRow('turnover', -Infinity, 0.5, [...all.map((i) => 2 * n + i), ...all.map((i) => 3 * n + i)], all.flatMap(() => [1]).concat(all.map(() => 1)));
  exposures.forEach((e, k) => rows.addRow(`f${k}`, -1e-6, 1e-6, [...all, ...all.map((i) => n + i)], [...Array.from(e), ...Array.from(e, (x) => -x)]));
  const b = await highs.solve(rows.build({ sense: 'max', names, cost, lower: lo, upper: hi }));
  console.log('current', a.solveMs.toFixed(0), a.objective?.toFixed(6), 'compact', b.solveMs.toFixed(0), b.objective?.toFixed(6));
}
