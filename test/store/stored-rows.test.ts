import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collect, differences, type Digests } from '../../scripts/stored-rows.js';

/**
 * The golden master: every bundled strategy's and the demo study's stored rows, table by table,
 * must stay exactly what test/fixtures/stored-rows.json records. A refactor or optimisation keeps
 * them; a change that means to alter results regenerates the file
 * (`npm run stored-rows -- --out test/fixtures/stored-rows.json`) and the diff names every table
 * it moved.
 */
describe('stored rows of the bundled strategies', () => {
  it('are byte-identical to the recorded digests', () => {
    const recorded = JSON.parse(readFileSync('test/fixtures/stored-rows.json', 'utf8')) as Digests;
    const now = collect('.');
    expect(Object.keys(now).length).toBeGreaterThanOrEqual(10);
    expect(differences(recorded, now)).toEqual([]);
  }, 180_000);

  it('a changed row is caught: the comparison names the table', () => {
    const recorded = JSON.parse(readFileSync('test/fixtures/stored-rows.json', 'utf8')) as Digests;
    const altered: Digests = { ...recorded, 'momentum-neutral.ts': { ...recorded['momentum-neutral.ts'], daily: '1 rows 0000000000000000' } };
    expect(differences(recorded, altered)).toEqual([expect.stringMatching(/^momentum-neutral\.ts daily: before \d+ rows [0-9a-f]{16}, after 1 rows 0{16}$/)]);
  });
});
