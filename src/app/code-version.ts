import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
