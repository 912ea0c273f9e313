import { getISOWeek, getISOWeekYear, getUTCDay } from './date-fns-utc.js';
import { DAYS_PER_YEAR_BUSINESS, DAYS_PER_YEAR_CONTINUOUS } from '../core/constants.js';

/** How often something happens: every bar, on the first bar of each ISO week, or of each month. */
export type Cadence = 'day' | 'week' | 'month';

/** The key of the period `date` falls in: two dates share a key when they share a period. */
export function periodKey(date: string, cadence: Cadence): string {
  if (cadence === 'day') return date;
  if (cadence === 'month') return date.slice(0, 7);
  return `${getISOWeekYear(date)}-W${getISOWeek(date)}`;
}

/**
 * Whether bar `t` starts a new period of `cadence` (bar 0 always does). Only
 * `dates[t-1]` and `dates[t]` are read, so a schedule never depends on later dates.
 */
export function startsPeriod(dates: readonly string[], t: number, cadence: Cadence): boolean {
  return t === 0 || periodKey(dates[t], cadence) !== periodKey(dates[t - 1], cadence);
}

/**
 * `startsPeriod` for every bar, as 0/1. Computed once per dates array and
 * cadence and shared (a study's hundreds of runs use one panel's dates): do
 * not modify it.
 */
export function periodStarts(dates: readonly string[], cadence: Cadence): Uint8Array {
  const byCadence = schedules.get(dates) ?? new Map<Cadence, Uint8Array>();
  schedules.set(dates, byCadence);
  const known = byCadence.get(cadence);
  if (known !== undefined) return known;
  const starts = computePeriodStarts(dates, cadence);
  byCadence.set(cadence, starts);
  return starts;
}

const schedules = new WeakMap<readonly string[], Map<Cadence, Uint8Array>>();

function computePeriodStarts(dates: readonly string[], cadence: Cadence): Uint8Array {
  const starts = new Uint8Array(dates.length);
  let previous = '';
  for (let t = 0; t < dates.length; t++) {
    const key = periodKey(dates[t], cadence);
    starts[t] = t === 0 || key !== previous ? 1 : 0;
    previous = key;
  }
  return starts;
}

/**
 * Bars per year for annualisation: 365 when the calendar trades on weekends
 * (crypto), 252 for business days.
 */
export function barsPerYear(dates: readonly string[]): number {
  return dates.some((d) => {
    const day = getUTCDay(d);
    return day === 0 || day === 6;
  })
    ? DAYS_PER_YEAR_CONTINUOUS
    : DAYS_PER_YEAR_BUSINESS;
}
