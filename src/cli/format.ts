/** Plain-text tables and number formats for the terminal. */

/** Left-aligned first column; other columns right-aligned, or left-aligned with `alignLeft`. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, alignLeft = false): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 || alignLeft ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * A progress bar on stderr: one redrawn line on a terminal, a new line every
 * 10% otherwise (logs stay short). `detail` says where the work is (a date, a stage).
 * @example progress(120, 480, '2023-05-01') → "momentum [#####...............]  25% 120/480 2023-05-01 3.1s ~9s left"
 */
export function progressReporter(label: string, unit = 'bars'): (done: number, total: number, detail: string) => void {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastDecile = -1;
  return (done, total, detail) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = (Date.now() - started) / 1000;
    const left = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0;
    const filled = Math.round(fraction * 20);
    const text = `${label} [${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done}/${total} ${unit} ${detail} ${elapsed.toFixed(1)}s ~${left.toFixed(0)}s left`;
    if (tty) {
      process.stderr.write(`\r${text}\u001b[K${done >= total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      process.stderr.write(`${text}\n`);
    }
  };
}
