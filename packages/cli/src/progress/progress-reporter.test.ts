import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressReporter } from './progress-reporter.ts';

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

describe('ProgressReporter', () => {
  it("a resumed run's rate counts only the steps this process took, not the checkpoint's", async () => {
    const lines: string[] = [];
    const reporter = new ProgressReporter({ isTTY: false, err: (text: string) => lines.push(text) } as never, 5000);
    reporter.onEvent({ time: '', step: 1000, stage: 'run', name: 'start', value: {} } as never);
    await new Promise((resolve) => setTimeout(resolve, 200));
    reporter.onEvent({ time: '', step: 1001, stage: 'd', name: 'd_loss', value: 1 } as never);
    reporter.finish();
    const rate = Number(/([\d.]+) steps\/s/.exec(lines.at(-1)!)![1]);
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThan(10); // one step in about 0.2 s, not 1,001
  });
});
