import { loadMarket } from '../src/data/load-market.js';
import { runWalkForward } from '../src/engine/walk-forward.js';
import { createHighsSolver } from '../src/optimize/highs-solver.js';
import { loadStrategy } from '../src/strategy/load-strategy.js';
const mb = (x: number) => (x / 2 ** 20).toFixed(0);
const market = loadMarket('runs/bench-data/n1000-d3650');
const strategy = await loadStrategy('scripts/bench/scale-strategy.ts', market.series.names);
const solver = await createHighsSolver();
await runWalkForward({ strategy: strategy.definition, market, solvers: [solver], recorder: { recordDay: () => undefined }, onProgress: (d) => { if (d % 800 && d !== 1) return; const m = process.memoryUsage(); console.log(d, 'rss', mb(m.rss), 'heapTot', mb(m.heapTotal), 'ab', mb(m.arrayBuffers), 'other', mb(m.rss - m.heapTotal - m.arrayBuffers)); } });
