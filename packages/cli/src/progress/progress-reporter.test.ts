import { describe, expect, it } from 'vitest';
import { formatDuration } from './progress-reporter.ts';

describe('formatDuration', () => {
  it('rounds to the unit it shows before splitting, so no field reads 60', () => {
    expect(formatDuration(12.34)).toBe('12.3s');
    expect(formatDuration(59.96)).toBe('1m00s');
    expect(formatDuration(479.6)).toBe('8m00s');
    expect(formatDuration(605)).toBe('10m05s');
    expect(formatDuration(3599.7)).toBe('1h00m');
    expect(formatDuration(7170)).toBe('2h00m');
    expect(formatDuration(7230)).toBe('2h01m');
  });
});
