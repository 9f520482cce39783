import { UsageError } from '../command.ts';

/** `--max-steps N`: a positive whole number of steps. */
export function parseMaxSteps(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const steps = Number(text);
  if (!(Number.isInteger(steps) && steps > 0 && steps <= Number.MAX_SAFE_INTEGER))
    throw new UsageError(`--max-steps must be a positive whole number, not '${text}'`);
  return steps;
}

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };

/**
 * `--max-time`: seconds of training, written `600`, `90s`, `10m`, `1.5h` or `1h30m`. Training
 * time leaves out evaluations and checkpoints, so a 10-minute budget is 10 minutes of steps.
 */
export function parseDuration(text: string | undefined, option = '--max-time'): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)([hms])/g)];
    const whole = parts.map((part) => part[0]).join('');
    if (parts.length === 0 || whole !== trimmed || new Set(parts.map((part) => part[2])).size !== parts.length) {
      throw new UsageError(`${option} must be a duration such as 600, 90s, 10m, 1.5h or 1h30m, not '${text}'`);
    }
    seconds = parts.reduce((sum, part) => sum + Number(part[1]) * UNIT_SECONDS[part[2]!]!, 0);
  }
  if (!(seconds > 0 && seconds <= 366 * 24 * 3600))
    throw new UsageError(`${option} must be more than 0 and at most a year, not '${text}'`);
  return seconds;
}
