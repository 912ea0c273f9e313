/** What every run and study records about where it came from: strategy, data and code. */
export interface Provenance {
  readonly strategy: string;
  /** The strategy module's path, as given. */
  readonly strategyFile: string;
  /** sha256 of the strategy module's source. */
  readonly sourceHash: string;
  readonly dataSource: string;
  /** sha256 over the bytes of every data file read. */
  readonly dataFingerprint: string;
  /** `git:<commit>[-dirty]`, or `factorlab@<version>` outside a git checkout. */
  readonly codeVersion: string;
}
