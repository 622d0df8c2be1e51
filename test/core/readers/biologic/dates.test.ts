import { describe, expect, it } from 'vitest';
import {
  formatWallClock,
  oleDateToWallClock,
  parseEcLabDateTime,
} from '../../../../lib/core/readers/biologic/dates.ts';

const iso = (text: string): string | null => {
  const ms = parseEcLabDateTime(text);
  return ms === null ? null : formatWallClock(ms);
};

describe('EC-Lab date-times', () => {
  it('reads EC-Lab US order with milliseconds', () => {
    expect(iso('10/26/2020 15:02:33.123')).toBe('2020-10-26T15:02:33.123');
  });

  it('reads day-first order when the first number cannot be a month', () => {
    expect(iso('26/10/2020 15:02:33.123')).toBe('2020-10-26T15:02:33.123');
  });

  it('reads European dotted dates as day first, even when ambiguous', () => {
    expect(iso('01.10.2024 11:02:29,886')).toBe('2024-10-01T11:02:29.886');
  });

  it('reads times without fraction and with AM/PM', () => {
    expect(iso('02/04/2018 10:02:46')).toBe('2018-02-04T10:02:46.000');
    expect(iso('02/04/2018 3:02:46 PM')).toBe('2018-02-04T15:02:46.000');
  });

  it('refuses text that is no date-time', () => {
    expect(iso('13/13/2020 10:00:00')).toBeNull();
    expect(iso('yesterday')).toBeNull();
  });

  it('converts an OLE automation date (days since 1899-12-30) to a wall-clock time', () => {
    // 45301 days after 1899-12-30 is 2024-01-10; .5 is noon.
    expect(formatWallClock(oleDateToWallClock(45301.5))).toBe('2024-01-10T12:00:00.000');
  });
});
