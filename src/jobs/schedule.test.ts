import { describe, expect, it } from 'vitest';
import { nextRunAt } from './schedule.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('nextRunAt', () => {
  it('daily: the next 00:00 UTC strictly after', () => {
    expect(iso(nextRunAt({ dailySchedule: {} }, at('2026-03-10T15:00:00Z')))).toBe('2026-03-11T00:00:00.000Z');
    expect(iso(nextRunAt({ dailySchedule: {} }, at('2026-03-10T00:00:00Z')))).toBe('2026-03-11T00:00:00.000Z');
    expect(iso(nextRunAt({ dailySchedule: {} }, at('2026-12-31T23:59:59Z')))).toBe('2027-01-01T00:00:00.000Z');
  });

  it('weekly: the next named day', () => {
    // 2026-03-10 is a Tuesday.
    expect(iso(nextRunAt({ weeklySchedule: { dayOfWeek: 'FRIDAY' } }, at('2026-03-10T09:00:00Z')))).toBe('2026-03-13T00:00:00.000Z');
    expect(iso(nextRunAt({ weeklySchedule: { dayOfWeek: 'TUESDAY' } }, at('2026-03-10T09:00:00Z')))).toBe('2026-03-17T00:00:00.000Z');
    expect(iso(nextRunAt({ weeklySchedule: { dayOfWeek: 'WEDNESDAY' } }, at('2026-03-10T09:00:00Z')))).toBe('2026-03-11T00:00:00.000Z');
  });

  it('monthly: the next matching day of a month, skipping months without it', () => {
    expect(iso(nextRunAt({ monthlySchedule: { dayOfMonth: 15 } }, at('2026-03-10T09:00:00Z')))).toBe('2026-03-15T00:00:00.000Z');
    expect(iso(nextRunAt({ monthlySchedule: { dayOfMonth: 5 } }, at('2026-03-10T09:00:00Z')))).toBe('2026-04-05T00:00:00.000Z');
    expect(iso(nextRunAt({ monthlySchedule: { dayOfMonth: 31 } }, at('2026-04-01T00:00:00Z')))).toBe('2026-05-31T00:00:00.000Z');
    expect(iso(nextRunAt({ monthlySchedule: { dayOfMonth: 29 } }, at('2027-02-01T00:00:00Z')))).toBe('2027-03-29T00:00:00.000Z');
  });

  it('refuses a schedule with no frequency', () => {
    expect(() => nextRunAt({}, 0)).toThrow();
  });
});
