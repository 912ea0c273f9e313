import { fixed, percent } from '../core/format-number.js';

/** Display label and format of each stored summary metric, in display order. */
const METRICS: ReadonlyArray<readonly [string, string, (x: number | null) => string]> = [
  ['totalReturn', 'Total return', (x) => percent(x)],
  ['annualReturn', 'Annualised return', (x) => percent(x)],
  ['annualVolatility', 'Annualised volatility', (x) => percent(x)],
  ['sharpe', 'Sharpe ratio', (x) => fixed(x)],
  ['oosSharpe', 'Out-of-sample Sharpe (stitched)', (x) => fixed(x)],
  ['probabilisticSharpe', 'PSR (Sharpe > 0)', (x) => fixed(x, 4)],
  ['oosProbabilisticSharpe', 'PSR (Sharpe > 0)', (x) => fixed(x, 4)],
  ['oosDeflatedSharpe', 'DSR', (x) => fixed(x, 4)],
  ['minTrackRecordBars', 'Minimum track record (bars)', (x) => (x === null ? 'n/a' : String(Math.ceil(x)))],
  ['oosMinTrackRecordBars', 'Minimum track record (bars)', (x) => (x === null ? 'n/a' : String(Math.ceil(x)))],
  ['meanInSampleSharpe', 'Mean in-sample Sharpe of the selected', (x) => fixed(x)],
  ['meanOutOfSampleSharpe', 'Mean out-of-sample Sharpe of the selected', (x) => fixed(x)],
  ['sharpeDecay', 'Sharpe decay (out / in)', (x) => fixed(x)],
  ['pbo', 'PBO', (x) => fixed(x, 3)],
  ['pboDegradationSlope', 'PBO degradation slope', (x) => fixed(x)],
  ['pboProbabilityOfLoss', 'P(out-of-sample loss)', (x) => fixed(x, 3)],
  ['trials', 'Trials', (x) => fixed(x, 0)],
  ['sortino', 'Sortino ratio', (x) => fixed(x)],
  ['calmar', 'Calmar ratio', (x) => fixed(x)],
  ['maxDrawdown', 'Maximum drawdown', (x) => percent(x)],
  ['maxDrawdownBars', 'Longest drawdown (bars)', (x) => fixed(x, 0)],
  ['hitRate', 'Hit rate', (x) => percent(x, 1)],
  ['skewness', 'Skewness', (x) => fixed(x)],
  ['excessKurtosis', 'Excess kurtosis', (x) => fixed(x)],
  ['var95', 'VaR 95% (1 bar)', (x) => percent(x)],
  ['cornishFisherVar95', 'Cornish-Fisher VaR 95%', (x) => percent(x)],
  ['expectedShortfall95', 'Expected shortfall 95%', (x) => percent(x)],
  ['averageTurnover', 'Average turnover per trade day', (x) => percent(x)],
  ['annualTurnover', 'Annual turnover', (x) => percent(x, 0)],
  ['totalCost', 'Total cost', (x) => percent(x)],
  ['bookBiasStatistic', 'Risk-model bias statistic', (x) => fixed(x)],
  ['signalIc', 'Signal rank IC', (x) => fixed(x, 4)],
  ['signalIcTStat', 'Signal IC t-stat (Newey-West)', (x) => fixed(x)],
  ['days', 'Bars', (x) => fixed(x, 0)],
];

/** Stored summary metrics as display rows, in a fixed order; unknown metrics and per-year returns are left out. */
export function summaryRows(metrics: ReadonlyMap<string, number | null>): Array<readonly [string, string]> {
  return METRICS.filter(([metric]) => metrics.has(metric)).map(([metric, label, format]) => [label, format(metrics.get(metric) ?? null)] as const);
}
