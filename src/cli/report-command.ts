import { closeSync, existsSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { codeVersion } from '../app/code-version.js';
import { collectRun, type CollectOptions } from '../report/collect-run.js';
import { collectStudy } from '../report/collect-study.js';
import { OVERLAY_CHARTS, REPORT_GENERATOR, renderReport } from '../report/render-report.js';
import type { SubjectReport } from '../report/report-model.js';
import { openDatabase } from '../store/open-database.js';
import { dateFlag, integerFlag, subjectId } from './flags.js';
import { progressReporter } from './format.js';
import { definedFields } from '../core/defined-fields.js';

export interface ReportCommandOptions {
  readonly ids: readonly string[];
  readonly compare?: string;
  readonly out?: string;
  readonly db: string;
  readonly inSampleUntil?: string;
  readonly samples?: string;
  readonly json: boolean;
  readonly quiet: boolean;
  /** Replace `out` even when it is not a previous factorlab report. */
  readonly force?: boolean;
}

/**
 * `factorlab report <id> [--compare <id>] --out report.html`: one
 * self-contained HTML file (charts included) for a run or a study, or two side by side.
 * The file is written to a temporary name and renamed, so a failure never leaves half a report.
 */
export function reportCommand(options: ReportCommandOptions): void {
  if (options.ids.length !== 1) throw new UsageError('report needs one run or study id (and --compare for a second): factorlab report r1 --out report.html');
  if (options.out === undefined) throw new UsageError('report needs --out <file.html>: factorlab report r1 --out report.html');
  dateFlag('--in-sample-until', options.inSampleUntil);
  const samples = integerFlag('--samples', options.samples, 100, 2000);
  const subjects = [subjectId(options.ids[0], 'report'), ...(options.compare === undefined ? [] : [subjectId(options.compare, '--compare')])];
  if (!existsSync(options.db)) throw new UsageError(`database '${options.db}' not found; pass the --db the run or study was recorded in`);
  refuseToOverwrite(options.out, options.db, options.force === true);
  const progress = options.quiet || options.json ? undefined : progressReporter('report', 'steps');
  const collectOptions: CollectOptions = { bootstrapSamples: samples, ...definedFields({ inSampleUntil: options.inSampleUntil }) };
  const db = openDatabase(options.db, { readonly: true });
  const steps = subjects.length + 1;
  let reports: SubjectReport[];
  try {
    reports = subjects.map(({ kind, id }, k) => {
      progress?.(k, steps, `reading ${kind} ${id}`);
      return kind === 'run' ? collectRun(db, id, collectOptions) : collectStudy(db, id, collectOptions);
    });
  } finally {
    db.close();
  }
  progress?.(subjects.length, steps, 'rendering');
  const html = renderReport(reports, { generatedAt: new Date().toISOString(), codeVersion: codeVersion() });
  const temporary = `${options.out}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, html);
    renameSync(temporary, options.out);
  } catch (err) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw new UsageError(`cannot write report '${options.out}': ${err instanceof Error ? err.message : String(err)}`);
  }
  progress?.(steps, steps, 'done');
  const charts = (html.match(/<canvas data-chart=/g) ?? []).length;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ out: options.out, bytes: Buffer.byteLength(html), subjects: reports.map((r) => r.id), charts }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`report of ${reports.map((r) => r.title).join(' vs ')} written to ${options.out} (${(Buffer.byteLength(html) / 1e6).toFixed(1)} MB, ${charts} charts: ${OVERLAY_CHARTS.length} overlaid, ${charts - OVERLAY_CHARTS.length} per ${reports.length > 1 ? 'subject' : 'run or study'}); open it in any browser, offline\n`);
}

/**
 * `--out` may replace only a previous factorlab report (its head names the
 * generator), never the database being read and never another file unless
 * `force`: a report written over `runs.sqlite` once lost every run.
 * @throws UsageError naming the file and the fix
 */
function refuseToOverwrite(out: string, db: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (realpathSync(out) === realpathSync(db)) throw new UsageError(`--out '${out}' is the database the report reads; write the report to another file (e.g. report.html)`);
  if (statSync(out).isDirectory()) throw new UsageError(`--out '${out}' is a directory; give a file name (e.g. ${out}/report.html)`);
  if (force) return;
  const head = Buffer.alloc(2048);
  const fd = openSync(out, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.subarray(0, read).toString('utf8').includes(`<meta name="generator" content="${REPORT_GENERATOR}">`)) {
    throw new UsageError(`--out '${out}' exists and is not a factorlab report; refusing to replace it (choose another file, or pass --force to replace it)`);
  }
}
