import type { PortfolioProblem } from '../portfolio-problem.js';
import { AssetBounds } from './asset-bounds.js';
import { ExposureBand } from './exposure-limit.js';
import { Frozen } from './frozen.js';
import { GrossLimit } from './gross.js';
import { GroupBand } from './group-limit.js';
import { LongOnly } from './long-only.js';
import { MaxAbsWeight } from './max-abs-weight.js';
import { MaxTrade } from './max-trade.js';
import { NetLimit } from './net.js';
import type { LimitTerm } from './term.js';
import { TurnoverLimit } from './turnover.js';

/**
 * Every limit of a problem as term objects: the shorthand fields (`net`, `gross`, `neutral`, …)
 * first, in a fixed order that fixes the LP's rows and the diagnosis's order, then `problem.limits`.
 */
export function limitTerms(p: PortfolioProblem): LimitTerm[] {
  const out: LimitTerm[] = [];
  if (p.net !== undefined) out.push(new NetLimit(p.net, p.netBand ?? 0));
  if (p.gross !== undefined) out.push(new GrossLimit(p.gross));
  if (p.maxAbsWeight !== undefined) out.push(new MaxAbsWeight(p.maxAbsWeight));
  if (p.longOnly) out.push(new LongOnly());
  if (p.minWeight !== undefined || p.maxWeight !== undefined) out.push(new AssetBounds(p.minWeight, p.maxWeight));
  if (p.maxTurnover !== undefined) out.push(new TurnoverLimit(p.maxTurnover));
  if (p.maxTrade !== undefined) out.push(new MaxTrade(p.maxTrade));
  if (p.frozen?.some((f) => f === 1) === true) out.push(new Frozen(p.frozen));
  for (const e of p.neutral) out.push(new ExposureBand(e));
  for (const g of p.groups ?? []) out.push(new GroupBand(g));
  out.push(...(p.limits ?? []));
  return out;
}

/**
 * The same problem with every limit held as a term and no shorthand field set: what the relax
 * policy and the diagnosis edit, by dropping terms.
 */
export function asTerms(p: PortfolioProblem): PortfolioProblem {
  const { net: _net, netBand: _netBand, gross: _gross, maxAbsWeight: _cap, minWeight: _min, maxWeight: _max, maxTurnover: _turnover, maxTrade: _trade, frozen: _frozen, groups: _groups, ...rest } = p;
  return { ...rest, longOnly: false, neutral: [], limits: limitTerms(p) };
}
