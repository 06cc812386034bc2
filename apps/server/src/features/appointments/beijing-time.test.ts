import { describe, expect, it } from 'vitest';
import { addDays, beijingParts, daysBetween, instantOf, isoWeekday, isValidDay } from './beijing-time.js';
import { appointmentCode, deriveStatus } from './appointments.view.js';

describe('Beijing time', () => {
  it('turns an instant into the Beijing day and time, across midnight UTC+8', () => {
    expect(beijingParts(Date.parse('2026-01-01T16:30:00Z'))).toEqual({ day: '2026-01-02', time: '00:30' });
    expect(beijingParts(Date.parse('2026-01-01T15:59:00Z'))).toEqual({ day: '2026-01-01', time: '23:59' });
    expect(instantOf('2026-01-02', '00:30')).toBe(Date.parse('2026-01-01T16:30:00Z'));
  });

  it('checks and walks calendar days', () => {
    expect(isValidDay('2028-02-29')).toBe(true);
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2026-13-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(isoWeekday('2024-01-01')).toBe(1);
    expect(isoWeekday('2024-01-07')).toBe(7);
  });
});

describe('appointment rules', () => {
  const slot = { day: '2026-06-15', start_time: '09:00', end_time: '10:00' };
  const at = (iso: string) => Date.parse(iso);

  it('cancellable until exactly 2 hours before the start; done once the slot has ended', () => {
    expect(deriveStatus({ ...slot, status: 'booked' }, at('2026-06-15T06:59:59+08:00'))).toEqual({ status: 'booked', statusText: '已预约', cancellable: true });
    expect(deriveStatus({ ...slot, status: 'booked' }, at('2026-06-15T07:00:00+08:00')).cancellable).toBe(true);
    expect(deriveStatus({ ...slot, status: 'booked' }, at('2026-06-15T07:00:01+08:00'))).toEqual({ status: 'booked', statusText: '已预约', cancellable: false });
    expect(deriveStatus({ ...slot, status: 'booked' }, at('2026-06-15T10:00:00+08:00'))).toEqual({ status: 'done', statusText: '已过期', cancellable: false });
    expect(deriveStatus({ ...slot, status: 'cancelled' }, at('2026-06-01T00:00:00+08:00'))).toEqual({ status: 'cancelled', statusText: '已取消', cancellable: false });
  });

  it('预约号 is DZ + yymmdd of the appointment day + 6 unambiguous symbols', () => {
    const codes = new Set(Array.from({ length: 200 }, () => appointmentCode('2026-06-15')));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^DZ260615[A-HJ-NP-Z2-9]{6}$/);
  });
});
