import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StrategyError } from '../core/errors.js';
import type { StrategyDefinition } from './define-strategy.js';
import { validateStrategy } from './validate-strategy.js';

export interface LoadedStrategy {
  readonly definition: StrategyDefinition;
  readonly file: string;
  /** sha256 of the module's source text. */
  readonly sourceHash: string;
}

/**
 * Import a strategy module (TypeScript files need the tsx loader, which the
 * `factorlab` command registers) and validate its default export.
 * @throws StrategyError `not-found`, `import-failed`, `no-default-export`, `invalid-strategy`
 */
export async function loadStrategy(file: string, seriesNames: readonly string[]): Promise<LoadedStrategy> {
  const path = resolve(file);
  if (!existsSync(path)) throw new StrategyError('not-found', file, '', 'no such file');
  const source = readFileSync(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    throw importError(file, err);
  }
  if (mod.default === undefined) {
    throw new StrategyError('no-default-export', file, '', 'has no default export; end it with `export default defineStrategy({...})`');
  }
  return {
    definition: validateStrategy(mod.default, file, seriesNames),
    file,
    sourceHash: createHash('sha256').update(source).digest('hex'),
  };
}

/**
 * Why a module could not be imported, in one line. A TypeScript syntax error
 * becomes `file:line:column: syntax error: text`, from esbuild's report (tsx:
 * `path:line:column: ERROR: text`) or oxc's (vite: `[PARSE_ERROR] text` then
 * `path:line:column`).
 */
function importError(file: string, err: unknown): StrategyError {
  const message = (err instanceof Error ? err.message : String(err)).replace(/\u001b\[[0-9;]*m/g, '');
  const esbuild = /^.*?:(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  if (esbuild !== null) return new StrategyError('import-failed', `${file}:${esbuild[1]}:${esbuild[2]}`, '', `syntax error: ${esbuild[3]}`);
  const oxc = /\[PARSE_ERROR\]\s*(.*)$/m.exec(message);
  const at = /\S+:(\d+):(\d+)\s*\]/.exec(message);
  if (oxc !== null && at !== null) return new StrategyError('import-failed', `${file}:${at[1]}:${at[2]}`, '', `syntax error: ${oxc[1].trim()}`);
  return new StrategyError('import-failed', file, '', `could not be imported: ${message.split('\n')[0]}`);
}
