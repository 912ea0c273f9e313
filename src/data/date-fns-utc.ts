/**
 * The one adapter to date-fns, and the only place that makes `Date` objects:
 * ISO `yyyy-mm-dd` strings in, numbers or strings out, always in UTC.
 */
import { addDays as fnsAddDays, getISOWeek as fnsGetISOWeek, getISOWeekYear as fnsGetISOWeekYear } from 'date-fns';

/** date-fns reads local time; shifting by the zone offset makes its calendar fields UTC fields. */
function toLocalMidnight(date: string): Date {
  const utc = new Date(`${date}T00:00:00Z`);
  return new Date(utc.getTime() + utc.getTimezoneOffset() * 60_000);
}

function toIso(local: Date): string {
  const y = local.getFullYear();
  const m = String(local.getMonth() + 1).padStart(2, '0');
  const d = String(local.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function getISOWeek(date: string): number {
  return fnsGetISOWeek(toLocalMidnight(date));
}

export function getISOWeekYear(date: string): number {
  return fnsGetISOWeekYear(toLocalMidnight(date));
}

/** Day of week, 0 = Sunday ... 6 = Saturday. */
export function getUTCDay(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: string, days: number): string {
  return toIso(fnsAddDays(toLocalMidnight(date), days));
}
