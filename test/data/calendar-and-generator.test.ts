import { describe, expect, it } from 'vitest';
import { barsPerYear, periodKey, periodStarts, startsPeriod } from '../../src/data/calendar.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';

describe('calendar', () => {
  it('keys ISO weeks and months', () => {
    // 2024-12-30 is the Monday of ISO week 1 of 2025.
    expect(periodKey('2024-12-30', 'week')).toBe('2025-W1');
    expect(periodKey('2024-12-29', 'week')).toBe('2024-W52');
    expect(periodKey('2024-12-29', 'month')).toBe('2024-12');
  });

  it('starts a period on the first bar of a new week', () => {
    const dates = ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'];
    expect(dates.map((_, t) => startsPeriod(dates, t, 'week'))).toEqual([true, false, false, true]);
  });

  it('computes a whole schedule as startsPeriod does bar by bar', () => {
    const dates = generateSyntheticMarket({ seed: 2, assets: 2, days: 400 }).market.panel.dates;
    for (const cadence of ['day', 'week', 'month'] as const) {
      const schedule = periodStarts(dates, cadence);
      expect(Array.from(schedule, (x) => x === 1)).toEqual(dates.map((_, t) => startsPeriod(dates, t, cadence)));
      expect(schedule.reduce((a, b) => a + b, 0)).toBeGreaterThan(cadence === 'month' ? 12 : 56);
      // Computed once per dates array and cadence.
      expect(periodStarts(dates, cadence)).toBe(schedule);
      expect(periodStarts([...dates], cadence)).not.toBe(schedule);
    }
  });

  it('annualises with 365 bars for a calendar with weekends and 252 for business days', () => {
    expect(barsPerYear(['2024-01-05', '2024-01-06'])).toBe(365);
    expect(barsPerYear(['2024-01-05', '2024-01-08'])).toBe(252);
  });
});

describe('generateSyntheticMarket', () => {
  it('is deterministic: the same seed gives identical data', () => {
    const a = generateSyntheticMarket({ seed: 5, assets: 10, days: 100 }).market;
    const b = generateSyntheticMarket({ seed: 5, assets: 10, days: 100 }).market;
    const c = generateSyntheticMarket({ seed: 6, assets: 10, days: 100 }).market;
    expect(a.panel.field('close')).toEqual(b.panel.field('close'));
    expect(a.panel.field('close')).not.toEqual(c.panel.field('close'));
  });

  it('makes a business-day calendar, late listings and delistings with a final return', () => {
    const { market } = generateSyntheticMarket({ seed: 2, assets: 40, days: 300, calendar: 'business', lateListingFraction: 0.3, delistings: 5 });
    const { dates, assets } = market.panel;
    expect(dates.every((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))).toBe(true);
    const close = market.panel.field('close');
    const delist = market.panel.field('delisting_return');
    const n = assets.length;
    const lateListed = assets.filter((_, i) => Number.isNaN(close[i]));
    expect(lateListed.length).toBeGreaterThan(0);
    let delisted = 0;
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < dates.length; t++) {
        if (Number.isNaN(delist[t * n + i])) continue;
        delisted++;
        expect(delist[t * n + i]).toBeLessThan(0);
        // Nothing after the delisting row.
        for (let u = t + 1; u < dates.length; u++) expect(close[u * n + i]).toBeNaN();
      }
    }
    expect(delisted).toBeGreaterThan(0);
  });
});
