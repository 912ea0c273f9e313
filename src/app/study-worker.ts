import { parentPort, workerData } from 'node:worker_threads';
import { loadMarket } from '../data/load-market.js';
import { createSolvers } from '../optimize/backends.js';
import { loadStrategy } from '../strategy/load-strategy.js';
import { runStudyTask, type StudyTask } from '../engine/study.js';

/** A study worker: loads the strategy and data once, then runs the tasks it is sent. */
const { strategyFile, dataPath, backends } = workerData as { strategyFile: string; dataPath: string; backends: string[] };
const market = loadMarket(dataPath);
const strategy = await loadStrategy(strategyFile, market.series.names);
const solvers = await createSolvers(backends);
const port = parentPort;
if (port === null) throw new Error('study-worker must run in a worker thread');
port.on('message', (message: { id: number; task: StudyTask }) => {
  runStudyTask(strategy.definition, market, solvers, message.task).then(
    (result) => port.postMessage({ id: message.id, result }),
    (err: unknown) => port.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
port.postMessage({ ready: true });
