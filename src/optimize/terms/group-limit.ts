import type { GroupLimit } from '../portfolio-problem.js';
import type { LimitTerm, TermContext, TradeSpaceRows, ViolationSink } from './term.js';

/** A group's net weight within `[minNet, maxNet]` and its gross weight at most `maxGross` (a sector, an exchange). */
export class GroupBand implements LimitTerm {
  readonly family: string;
  readonly relaxStep = 'groups';
  private readonly members: ReadonlySet<number>;

  constructor(readonly group: GroupLimit) {
    this.family = `group[${group.name}]`;
    this.members = new Set(group.members);
  }

  addRows(lp: TradeSpaceRows): void {
    const g = this.group;
    if (g.minNet !== undefined || g.maxNet !== undefined) lp.weighted(this.family, g.minNet ?? -Infinity, g.maxNet ?? Infinity, undefined, this.members);
    if (g.maxGross !== undefined) lp.gross(`${this.family}.gross`, g.maxGross, this.members);
  }

  check(w: Float64Array, _problem: TermContext, push: ViolationSink): void {
    const g = this.group;
    let net = 0;
    let gross = 0;
    for (const i of g.members) {
      net += w[i];
      gross += Math.abs(w[i]);
    }
    if (g.minNet !== undefined) push(this.family, net, g.minNet, g.minNet - net);
    if (g.maxNet !== undefined) push(this.family, net, g.maxNet, net - g.maxNet);
    if (g.maxGross !== undefined) push(this.family, gross, g.maxGross, gross - g.maxGross);
  }

  describe(): string {
    const g = this.group;
    return `${this.family} (net in [${g.minNet ?? '-∞'}, ${g.maxNet ?? '∞'}]${g.maxGross === undefined ? '' : `, gross <= ${g.maxGross}`}, ${g.members.length} assets)`;
  }

  validate(assets: readonly string[], bad: (what: string) => never): void {
    const n = assets.length;
    this.group.members.forEach((i) => (Number.isInteger(i) && i >= 0 && i < n) || bad(`group '${this.group.name}' has member index ${i}, outside 0..${n - 1}`));
  }
}
