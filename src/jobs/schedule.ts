// When a scheduled job runs next. Runs start at 00:00 UTC on their day: daily every day, weekly on the named day,
// monthly on the day of the month (a month without that day is skipped, as Macie does). Pure.
import type { DayOfWeek, JobScheduleFrequency } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DAYS_OF_WEEK: readonly DayOfWeek[] = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The first scheduled start strictly after `afterMs`. */
export function nextRunAt(frequency: JobScheduleFrequency, afterMs: number): number {
  let day = startOfDay(afterMs) + DAY_MS;
  if (frequency.dailySchedule) return day;
  if (frequency.weeklySchedule) {
    const want = DAYS_OF_WEEK.indexOf(frequency.weeklySchedule.dayOfWeek ?? 'SUNDAY');
    while (new Date(day).getUTCDay() !== want) day += DAY_MS;
    return day;
  }
  if (frequency.monthlySchedule) {
    const want = frequency.monthlySchedule.dayOfMonth ?? 1;
    // At most 12 months ahead: every day 1-31 appears within a year.
    for (let i = 0; i < 400; i++, day += DAY_MS) if (new Date(day).getUTCDate() === want) return day;
  }
  throw new Error('a schedule needs exactly one of dailySchedule, weeklySchedule or monthlySchedule');
}
