/** Plain-text tables and number formats for the terminal. */

export function percent(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`;
}

export function fixed(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
}

/** Left-aligned first column; other columns right-aligned, or left-aligned with `alignLeft`. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, alignLeft = false): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 || alignLeft ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A progress reporter on stderr: one updating line on a terminal, a line every 10% otherwise. */
export function progressReporter(label: string): (done: number, total: number, date: string) => void {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastDecile = -1;
  return (done, total, date) => {
    const fraction = done / total;
    const elapsed = (Date.now() - started) / 1000;
    const left = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0;
    const text = `${label} ${date} ${(fraction * 100).toFixed(0).padStart(3)}% (${done}/${total} bars, ${elapsed.toFixed(1)}s, ~${left.toFixed(0)}s left)`;
    if (tty) {
      process.stderr.write(`\r${text}${done === total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      process.stderr.write(`${text}\n`);
    }
  };
}
