import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { buildReportFixture } from '../helpers/report-fixture.js';

describe('the example queries in docs/storage.md', () => {
  it('all run on a database with two runs and a study, and the main ones return rows', async () => {
    const fixture = await buildReportFixture();
    const doc = readFileSync('docs/storage.md', 'utf8');
    const block = /## Example queries\s+```sql\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const queries = block.split(/;\s*\n/).map((q) => q.replace(/^--.*$/gm, '').trim()).filter((q) => q !== '');
    expect(queries.length).toBeGreaterThanOrEqual(15);
    const db = openDatabase(fixture.db);
    try {
      const counts = queries.map((q) => db.prepare(q.replace(/;$/, '')).all().length);
      // Queries that must find something in any finished run or study (the others may legitimately be empty).
      const mustHaveRows = [0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 13, 14, 15];
      for (const k of mustHaveRows) expect(counts[k], queries[k]).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 120_000);
});
