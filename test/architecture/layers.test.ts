import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rule of docs/api.md ("Layers"): a folder of `src/` imports only from folders listed
 * before it. The order is read from the document itself, so the document and the code cannot drift.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function documentedOrder(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
  const line = /^Layer order: `([^`]+)`/m.exec(doc);
  if (line === null) throw new Error("docs/api.md has no 'Layer order: `core → …`' line");
  return line[1].split('→').map((s) => s.trim());
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every relative module a file names: static and type imports, re-exports, dynamic imports, worker URLs. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)(['"])(\.{1,2}\/[^'"]*)\1/g)) specs.push(m[2]);
  return specs;
}

/** The folder of `src/` a path is in (`index` for src/index.ts). */
function folderOf(path: string): string {
  const rel = relative(SRC, path).split('\\').join('/');
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : 'index';
}

/** Folder-level arrows `from → to` that break the order, with the file and module that make each. */
function violations(order: readonly string[]): string[] {
  const rank = new Map(order.map((f, i) => [f, i]));
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    if (from === 'index') continue;
    for (const spec of importsOf(file)) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + '/')) continue;
      const to = folderOf(target);
      if (to === from) continue;
      const a = rank.get(from);
      const b = rank.get(to);
      if (a === undefined || b === undefined) found.push(`${relative(ROOT, file)}: folder '${a === undefined ? from : to}' is not in the layer order of docs/api.md`);
      else if (b > a) found.push(`${relative(ROOT, file)} imports ${spec}: ${from} → ${to} goes up the layer order`);
    }
  }
  return found;
}

describe('layers', () => {
  it('every folder of src/ is in the documented order, and no import goes up it', () => {
    const order = documentedOrder();
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect([...order].sort()).toEqual(folders);
    expect(violations(order)).toEqual([]);
  });

  it('the check catches an arrow up the order (the same files against a reversed order)', () => {
    const reversed = documentedOrder().reverse();
    expect(violations(reversed).length).toBeGreaterThan(10);
  });

  it('reads every kind of relative import a file can make', () => {
    const specs = importsOf(join(SRC, 'app/study-pool.ts'));
    expect(specs).toContain('./study-worker.ts');
    expect(importsOf(join(SRC, 'index.ts')).length).toBeGreaterThan(20);
  });
});
