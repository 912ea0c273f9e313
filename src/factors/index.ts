/** The factor library, as the `factor` namespace strategies use. */
export { momentum } from './momentum.js';
export { shortTermReversal } from './reversal.js';
export { volatility } from './volatility.js';
export { idiosyncraticVolatility } from './idiosyncratic-volatility.js';
export { marketBeta } from './market-beta.js';
export { downsideBeta } from './downside-beta.js';
export { logMarketCap } from './size.js';
export { amihudIlliquidity, logDollarVolume } from './liquidity.js';
export { skewness, excessKurtosis } from './distribution.js';
export { maxReturn } from './max-return.js';
export { fundingCarry } from './carry.js';
export { seriesBeta } from './series-beta.js';
