import type { TradingCost } from '../optimize/terms/trading-cost.js';
import type { TradeRecord } from './recorder.js';

/**
 * Positions in currency plus cash. NAV = cash + Σ positions, so every NAV
 * change is P&L from returns minus trading costs, exactly.
 */
export class Ledger {
  readonly positions: Float64Array;
  cash: number;

  constructor(assets: number, initialNav: number) {
    this.positions = new Float64Array(assets);
    this.cash = initialNav;
  }

  get nav(): number {
    let v = this.cash;
    for (let i = 0; i < this.positions.length; i++) v += this.positions[i];
    return v;
  }

  /** Positions as fractions of `nav`. */
  weights(nav: number): Float64Array {
    const w = new Float64Array(this.positions.length);
    for (let i = 0; i < w.length; i++) w[i] = this.positions[i] / nav;
    return w;
  }

  /** Whether any position is open. */
  get holdsPositions(): boolean {
    for (let i = 0; i < this.positions.length; i++) if (this.positions[i] !== 0) return true;
    return false;
  }

  /** Apply one bar of returns (`NaN` = no price: the position is unchanged); returns the P&L. */
  markToMarket(returns: Float64Array): number {
    let pnl = 0;
    for (let i = 0; i < this.positions.length; i++) {
      const p = this.positions[i];
      if (p === 0 || Number.isNaN(returns[i])) continue;
      const change = p * returns[i];
      pnl += change;
      this.positions[i] = p + change;
    }
    return pnl;
  }

  /**
   * Credit one bar of interest on cash at `rate` (the bar's risk-free return):
   * cash is NAV minus the positions, so a levered book (negative cash) pays.
   * Returns the interest.
   */
  accrueCash(rate: number): number {
    const interest = this.cash * rate;
    this.cash += interest;
    return interest;
  }

  /** Settle an amount in cash (a holding cost's realised P&L, such as funding: received positive, paid negative). */
  settleCash(amount: number): void {
    this.cash += amount;
  }

  /** Σ|positions|, in currency. */
  get grossValue(): number {
    let v = 0;
    for (let i = 0; i < this.positions.length; i++) v += Math.abs(this.positions[i]);
    return v;
  }

  /** Close a position into cash at its current value, at no cost. */
  liquidate(i: number): number {
    const value = this.positions[i];
    this.cash += value;
    this.positions[i] = 0;
    return value;
  }

  /**
   * Trade towards target weights of the current NAV where `tradable[i]` is set,
   * paying each trading-cost term's realised charge (the linear cost, market
   * impact): the same objects the decision priced the trade with. Returns the
   * trades and their cost.
   */
  rebalance(assets: readonly string[], targetWeights: Float64Array, tradable: Uint8Array, costs: readonly TradingCost[]): { trades: TradeRecord[]; cost: number; turnover: number } {
    const nav = this.nav;
    const trades: TradeRecord[] = [];
    let cost = 0;
    let traded = 0;
    for (let i = 0; i < this.positions.length; i++) {
      if (!tradable[i]) continue;
      const value = targetWeights[i] * nav - this.positions[i];
      if (value === 0) continue;
      let tradeCost = 0;
      for (const cost of costs) tradeCost += cost.realised(i, value);
      this.positions[i] += value;
      this.cash -= value + tradeCost;
      cost += tradeCost;
      traded += Math.abs(value);
      trades.push({ asset: assets[i], weight: value / nav, cost: tradeCost, reason: 'rebalance' });
    }
    return { trades, cost, turnover: nav > 0 ? traded / nav : 0 };
  }
}
