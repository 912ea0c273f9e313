import { DataError } from '../core/errors.js';
import type { Panel } from '../core/panel.js';

/** What the absence of a known field means for a run, for the notice. */
const WHEN_ABSENT: Readonly<Record<string, string>> = {
  market_cap: 'the market return is equal-weighted, cross-sectional regressions weight assets equally, and logMarketCap cannot be used',
  volume: 'the dollar-volume universe filter, trade-size limits and liquidity factors cannot be used',
  funding_rate: 'fundingCarry cannot be used',
  delisting_return: 'no delisting returns are applied',
};

/**
 * A column that exists but is blank in every row (the norm for closes-only
 * downloads) is an absent column: it is dropped, with a notice saying what
 * that means, so nothing downstream mistakes it for data that is always
 * missing (a cap-weighted market return of NaN on every bar, an empty
 * dollar-volume universe).
 * @throws DataError `blank-column` when `close` itself is blank
 */
export function dropBlankFields(panel: Panel, file: string): { panel: Panel; notices: string[] } {
  const blank = panel.fieldNames.filter((name) => panel.field(name).every((v) => Number.isNaN(v)));
  if (blank.length === 0) return { panel, notices: [] };
  if (blank.includes('close')) throw new DataError('blank-column', { file, column: 'close' }, 'the close column is blank in every row; a market needs prices');
  const keep = panel.fieldNames.filter((name) => !blank.includes(name));
  const notices = blank.map((name) => `${file}: column '${name}' is blank in every row and is treated as absent${WHEN_ABSENT[name] === undefined ? '' : `: ${WHEN_ABSENT[name]}`}`);
  return { panel: panel.withFields(new Map(keep.map((name) => [name, panel.field(name)]))), notices };
}
