import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
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
    const url = pathToFileURL(path).href;
    // Inside an ES-module package (like this one) a plain import; anywhere else tsx's own import, which
    // reads the file as an ES module whatever package.json (or none) sits beside it.
    mod = (isEsmScope(path) ? await import(url) : await tsImport(url, import.meta.url)) as Record<string, unknown>;
    // tsx may compile a file outside an ES-module package to CommonJS: its exports then arrive
    // wrapped as { default: { default: definition } } (a definition has no field named default).
    const inner = mod.default;
    if (Object.keys(mod).join() === 'default' && typeof inner === 'object' && inner !== null && Object.keys(inner).join() === 'default') mod = inner as Record<string, unknown>;
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
  if (/Cannot find (module|package) 'factorlab'/.test(message)) {
    return new StrategyError('import-failed', file, '', `imports 'factorlab', which cannot be found from its folder; install it in that project (npm install ${resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')}) or move the file under a project that has it`);
  }
  return new StrategyError('import-failed', file, '', `could not be imported: ${message.split('\n')[0]}`);
}

/**
 * Whether Node (and tsx) read `file` as an ES module by its own rules: `.mts`
 * and `.mjs` always, `.ts` and `.js` when the nearest package.json says
 * `"type": "module"`.
 */
function isEsmScope(file: string): boolean {
  const ext = extname(file);
  if (ext === '.mts' || ext === '.mjs') return true;
  if (ext === '.cts' || ext === '.cjs') return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}
