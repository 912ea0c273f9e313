import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'factorlab-anywhere-'));
const data = join(dir, 'market');
const cli = (...args: string[]) => spawnSync(process.execPath, [resolve('bin/factorlab.js'), ...args], { encoding: 'utf8' });
const body = readFileSync('test/fixtures/strategies/no-size.ts', 'utf8');
/** The no-size fixture importing the library from `from` (it has no type annotations, so it is valid JavaScript too). */
const strategy = (from: string): string => body.replace("'../../../src/index.js'", `'${from}'`);

describe('strategy files anywhere, and factorlab as a package', () => {
  beforeAll(() => writeMarketCsv(data, generateSyntheticMarket({ seed: 12, assets: 12, days: 160 }).market));

  it("imports 'factorlab' by name inside the repository (package exports)", () => {
    const r = cli('run', 'test/fixtures/strategies/via-package.ts', '--data', data, '--db', join(dir, 'a.sqlite'), '--quiet');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 30_000);

  it('runs .ts, .mts and .js strategies from a folder with no package.json, and from a project that installed factorlab', () => {
    const loose = join(dir, 'mystrats');
    mkdirSync(loose);
    const src = resolve('src/index.ts');
    writeFileSync(join(loose, 'a.ts'), strategy(src));
    writeFileSync(join(loose, 'b.mts'), strategy(src));
    writeFileSync(join(loose, 'c.js'), strategy(src));
    // `npm install <path to factorlab>` links the folder into node_modules.
    const project = join(dir, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(resolve('.'), join(project, 'node_modules', 'factorlab'));
    writeFileSync(join(project, 'package.json'), '{ "name": "my-research", "private": true }');
    writeFileSync(join(project, 'momentum.ts'), strategy('factorlab'));
    for (const file of [join(loose, 'a.ts'), join(loose, 'b.mts'), join(loose, 'c.js'), join(project, 'momentum.ts')]) {
      const r = cli('run', file, '--data', data, '--db', join(dir, 'b.sqlite'), '--quiet');
      expect(r.stderr, file).toBe('');
      expect(r.status, file).toBe(0);
      expect(r.stdout).toContain('fixture-no-size: run');
    }
  }, 60_000);
});
