import { describe, expect, it } from 'vitest';
import { parseDuration, parseMaxSteps } from './run-bounds.ts';

describe('run bounds', () => {
  it('reads durations in seconds, minutes and hours, alone or combined', () => {
    expect(parseDuration('600')).toBe(600);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('10m')).toBe(600);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('2m30s')).toBe(150);
    expect(parseDuration(undefined)).toBeUndefined();
  });

  it('refuses what is not a duration, naming the option and the text', () => {
    for (const text of ['', 'ten minutes', '10 m', '10mm', '5m5m', '-3', '0', '0s', '1e3', '400d', '1000000h']) {
      expect(() => parseDuration(text), text).toThrow(/--max-time must be/);
    }
    expect(() => parseDuration('x', '--marks')).toThrow(/^--marks must be a duration/);
  });

  it('takes whole positive step counts only', () => {
    expect(parseMaxSteps('468')).toBe(468);
    for (const text of ['0', '-1', '1.5', 'abc', '99999999999999999999'])
      expect(() => parseMaxSteps(text), text).toThrow(/--max-steps must be a positive whole number/);
  });
});
