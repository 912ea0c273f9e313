import { Worker } from 'node:worker_threads';
import type { Market } from '../core/panel.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import { runStudyTask, type StudyTask, type TaskResult } from '../engine/study.js';

export interface PoolOptions {
  /** 1: run in this thread; more: that many worker threads, each with its own copy of the strategy and data. */
  readonly workers: number;
  /** What workers load. */
  readonly strategyFile: string;
  readonly dataPath: string;
  /** What this thread uses when `workers` is 1; workers build the same backends by name (`createSolvers`). */
  readonly local: { readonly strategy: StrategyDefinition; readonly market: Market; readonly solvers: readonly LpSolver[] };
  readonly onProgress?: (done: number, total: number) => void;
}

/** A worker starts in plain JavaScript: register tsx, then load the TypeScript worker module. */
const WORKER_BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.boot.tsx).then((api) => { api.register(); return import(workerData.boot.entry); });
`;

/**
 * Run study tasks and return their results in task order, whatever the number
 * of workers or the order they finish in: every task is a deterministic
 * walk-forward run, so the results do not depend on how they were scheduled.
 */
export async function runStudyTasks(tasks: readonly StudyTask[], options: PoolOptions): Promise<TaskResult[]> {
  const results: TaskResult[] = new Array<TaskResult>(tasks.length);
  let done = 0;
  if (options.workers <= 1) {
    for (const [i, task] of tasks.entries()) {
      results[i] = await runStudyTask(options.local.strategy, options.local.market, options.local.solvers, task);
      options.onProgress?.(++done, tasks.length);
    }
    return results;
  }
  let next = 0;
  const boot = {
    tsx: import.meta.resolve('tsx/esm/api'),
    entry: new URL('./study-worker.ts', import.meta.url).href,
  };
  const workers = Array.from({ length: Math.min(options.workers, tasks.length) }, () =>
    new Worker(WORKER_BOOT, { eval: true, workerData: { strategyFile: options.strategyFile, dataPath: options.dataPath, backends: options.local.solvers.map((s) => s.name), boot } }),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= tasks.length) {
                resolve();
                return;
              }
              const id = next++;
              worker.postMessage({ id, task: tasks[id] });
            };
            worker.on('message', (message: { ready?: boolean; id?: number; result?: TaskResult; error?: string }) => {
              if (message.error !== undefined) {
                reject(new Error(`study task ${message.id}: ${message.error}`));
                return;
              }
              if (message.result !== undefined && message.id !== undefined) {
                results[message.id] = message.result;
                options.onProgress?.(++done, tasks.length);
              }
              send();
            });
            worker.once('error', reject);
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
