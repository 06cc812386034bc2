import { describe, expect, it } from 'vitest';
import { addWorkingDays, beijingDate, endOfBeijingDay, isWorkingDay, workingDaysBetween } from './working-days.js';

// 2026 calendar (国务院办公厅 2026 年节假日安排, as shipped by chinese-days):
// 中秋 + 国庆: 2026-09-26 … 09-27 (中秋) and 10-01 … 10-07 off; Saturday 10-10 is a 调休 workday.
// 春节: 02-15 … 02-23 off; Saturdays 02-14 and 02-28 are 调休 workdays.
describe('working-day clock', () => {
  it('knows 2026 holidays and 调休 workdays', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-10-11')).toBe(false); // Sunday
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-02-16')).toBe(false);
  });

  it('counts from the day after, in Beijing days, and ends at the end of the last Beijing day', () => {
    expect(endOfBeijingDay('2026-10-09')).toBe('2026-10-09T15:59:59.999Z');
    // 2026-09-30 (Wednesday) 10:00 Beijing: day 1 is 10-08 (the holiday week skipped), day 2 10-09,
    // day 3 the 调休 Saturday 10-10, day 4 Monday 10-12 (Sunday 10-11 off).
    const from = '2026-09-30T02:00:00.000Z';
    expect(addWorkingDays(from, 1)).toBe('2026-10-08T15:59:59.999Z');
    expect(addWorkingDays(from, 3)).toBe('2026-10-10T15:59:59.999Z');
    expect(addWorkingDays(from, 4)).toBe('2026-10-12T15:59:59.999Z');
    // 23:30 UTC on 09-29 is already 09-30 in Beijing.
    expect(beijingDate('2026-09-29T23:30:00.000Z')).toBe('2026-09-30');
    expect(addWorkingDays('2026-09-29T23:30:00.000Z', 1)).toBe('2026-10-08T15:59:59.999Z');
    expect(addWorkingDays(from, 0)).toBe('2026-09-30T15:59:59.999Z');
  });

  it('spans 春节 with its two 调休 Saturdays', () => {
    // Friday 2026-02-13: 02-14 (调休 Sat) is day 1, then the holiday to 02-23, 02-24 day 2.
    expect(addWorkingDays('2026-02-13T01:00:00.000Z', 1)).toBe('2026-02-14T15:59:59.999Z');
    expect(addWorkingDays('2026-02-13T01:00:00.000Z', 2)).toBe('2026-02-24T15:59:59.999Z');
  });

  it('measures working days elapsed, the inverse of addWorkingDays', () => {
    expect(workingDaysBetween('2026-09-30T02:00:00.000Z', '2026-09-30T09:00:00.000Z')).toBe(0);
    expect(workingDaysBetween('2026-09-30T02:00:00.000Z', '2026-10-07T09:00:00.000Z')).toBe(0);
    expect(workingDaysBetween('2026-09-30T02:00:00.000Z', '2026-10-10T09:00:00.000Z')).toBe(3);
    expect(workingDaysBetween('2026-10-10T02:00:00.000Z', '2026-09-30T09:00:00.000Z')).toBe(0);
    for (const n of [1, 2, 5, 10, 20]) expect(workingDaysBetween('2026-09-25T02:00:00.000Z', addWorkingDays('2026-09-25T02:00:00.000Z', n))).toBe(n);
  });
});
