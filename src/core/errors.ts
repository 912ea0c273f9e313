/**
 * The error tree. Every error factorlab raises on purpose carries a stable `code`
 * so callers (and the CLI's exit codes) can tell user mistakes from internal faults.
 */

/** Where in a file a problem was found (1-based line and column numbers). */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
}

/** Base class: `code` is stable across versions; `userError` marks mistakes a user can fix. */
export class FactorlabError extends Error {
  readonly code: string;
  readonly userError: boolean;

  constructor(code: string, message: string, userError: boolean) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.userError = userError;
  }
}

function formatLocation(loc: SourceLocation): string {
  let out = loc.file;
  if (loc.line !== undefined) out += `:${loc.line}`;
  if (loc.column !== undefined) out += ` column '${loc.column}'`;
  return out;
}

/** Bad input data: the message starts with `file:line column 'x'`. */
export class DataError extends FactorlabError {
  readonly location: SourceLocation;

  constructor(code: string, location: SourceLocation, detail: string) {
    super(code, `${formatLocation(location)}: ${detail}`, true);
    this.location = location;
  }
}

/** A strategy module that cannot be used; `path` names the bad field. */
export class StrategyError extends FactorlabError {
  readonly path: string;

  constructor(code: string, file: string, path: string, detail: string) {
    super(code, `${file}: ${path === '' ? '' : `${path} `}${detail}`, true);
    this.path = path;
  }
}

/** A model that cannot be fitted (singular system, no usable observations). */
export class ModelError extends FactorlabError {
  constructor(code: string, message: string) {
    super(code, message, false);
  }
}

/**
 * The optimizer could not produce weights that pass every constraint. An
 * `infeasible` or `invalid-problem` error is the user's to fix (their limits
 * conflict, or an input they gave is unusable); a solver that fails on a
 * feasible problem is not.
 */
export class OptimizerError extends FactorlabError {
  /** Names of the constraints involved, when known. */
  readonly constraints: readonly string[];

  constructor(code: string, message: string, constraints: readonly string[] = []) {
    super(code, message, code === 'infeasible' || code === 'invalid-problem');
    this.constraints = constraints;
  }
}

/**
 * A run that never held a position (every fit failed, every rebalance was
 * skipped, the warm-up is longer than the data…): the message names the cause
 * and the fix. The run's bars are stored and the run is marked failed.
 */
export class EmptyRunError extends FactorlabError {
  constructor(message: string) {
    super('nothing-traded', message, true);
  }
}

/** A command-line or API argument that is wrong; the message names the fix. */
export class UsageError extends FactorlabError {
  constructor(message: string) {
    super('usage', message, true);
  }
}

/** What was thrown, as one short line: an Error's message (with its class unless plain `Error`), a string, or a value's JSON. */
export function thrownMessage(err: unknown): string {
  let text: string;
  if (err instanceof Error) text = err.name === 'Error' ? err.message : `${err.name}: ${err.message}`;
  else if (typeof err === 'string') text = err;
  else {
    try {
      text = JSON.stringify(err) ?? String(err);
    } catch {
      text = String(err);
    }
  }
  const line = text.split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
