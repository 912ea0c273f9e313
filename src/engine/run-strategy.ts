import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Market } from '../core/panel.js';
import type { LpSolver } from '../optimize/linear-program.js';
import type { Db } from '../store/open-database.js';
import { SqliteRecorder } from '../store/sqlite-recorder.js';
import type { LoadedStrategy } from '../strategy/load-strategy.js';
import { runWalkForward, type WalkForwardResult } from './walk-forward.js';

export interface RunStrategyOptions {
  readonly strategy: LoadedStrategy;
  readonly market: Market;
  readonly db: Db;
  readonly solvers: readonly LpSolver[];
  readonly from?: string;
  readonly to?: string;
  readonly onProgress?: (done: number, total: number, date: string) => void;
}

/**
 * Run a loaded strategy and record it: the run row first (status `running`),
 * every bar in its own transaction, then the summary and status `finished`, or
 * status `failed` with the error if the run throws.
 */
export async function runStrategy(options: RunStrategyOptions): Promise<WalkForwardResult & { runId: number }> {
  const { strategy, market, db } = options;
  const def = strategy.definition;
  const recorder = SqliteRecorder.start(db, {
    strategy: def.name,
    strategyFile: strategy.file,
    sourceHash: strategy.sourceHash,
    config: { ...JSON.parse(JSON.stringify(def)), from: options.from ?? null, to: options.to ?? null, solvers: options.solvers.map((s) => s.name) },
    dataSource: market.source,
    dataFingerprint: market.fingerprint,
    codeVersion: codeVersion(),
  });
  try {
    const result = await runWalkForward({
      strategy: def,
      market,
      solvers: options.solvers,
      recorder,
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.to === undefined ? {} : { to: options.to }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    recorder.finish(result.summary);
    return { ...result, runId: recorder.runId };
  } catch (err) {
    recorder.fail(err);
    throw err;
  }
}

let cachedVersion: string | undefined;

/** The git commit of the working tree when there is one (marked `-dirty` if modified), else the package version. */
export function codeVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  const root = new URL('../../', import.meta.url);
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    cachedVersion = `git:${commit}${dirty === '' ? '' : '-dirty'}`;
  } catch {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
    cachedVersion = `factorlab@${pkg.version}`;
  }
  return cachedVersion;
}
