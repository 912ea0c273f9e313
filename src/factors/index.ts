/** The starter factor library, as the `factor` namespace strategies use. */
export { momentum } from './momentum.js';
export { volatility } from './volatility.js';
export { logMarketCap } from './size.js';
export { marketBeta } from './market-beta.js';
