import type { RunEvent } from '@granular/core';
import type { CommandIO } from '../io.ts';

const TTY_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 10_000;

/**
 * Shows a run's progress from its events: on a terminal one line redrawn in place (step,
 * steps/s, ETA when the end is known, the latest numbers), in logs a plain line every ten
 * seconds, so CI output stays readable.
 */
export class ProgressReporter {
  readonly #started = Date.now();
  #lastDrawn = 0;
  #step = 0;
  /** The step this process started from (a resumed run's checkpoint): its rate counts only the steps it took. */
  #firstStep: number | undefined;
  #trainingSeconds: number | undefined;
  readonly #latest = new Map<string, number>();

  #totalSteps: number | undefined;

  constructor(
    private readonly io: CommandIO,
    private readonly maxSteps?: number,
    /** A training-time budget (--max-time): shown as `train 3m12s/10m00s`. */
    private readonly maxSeconds?: number,
  ) {
    this.#totalSteps = maxSteps;
  }

  onEvent = (event: RunEvent): void => {
    this.#step = event.step;
    this.#firstStep ??= event.step;
    if (event.train_time !== undefined) this.#trainingSeconds = event.train_time;
    // A batching stage announces the run's length; --max-steps may cut it shorter.
    if (event.name === 'total_steps' && typeof event.value === 'number')
      this.#totalSteps = Math.min(event.value, this.maxSteps ?? Infinity);
    if (typeof event.value === 'number' && event.stage !== 'run' && event.name !== 'total_steps') {
      this.#latest.delete(`${event.stage}.${event.name}`);
      this.#latest.set(`${event.stage}.${event.name}`, event.value);
    }
    const now = Date.now();
    if (now - this.#lastDrawn >= (this.io.isTTY ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) {
      this.#lastDrawn = now;
      this.#draw();
    }
  };

  /** Ends the progress display with a final line. */
  finish(): void {
    this.#draw();
    if (this.io.isTTY) this.io.err('\n');
  }

  #draw(): void {
    const seconds = (Date.now() - this.#started) / 1000;
    const rate = seconds > 0 ? (this.#step - (this.#firstStep ?? 0)) / seconds : 0;
    const parts = [
      this.#totalSteps ? `step ${this.#step}/${this.#totalSteps}` : `step ${this.#step}`,
      `${rate.toFixed(1)} steps/s`,
      `${formatDuration(seconds)} elapsed`,
    ];
    // The nearer end: the steps left at the current rate, or the training time left in a --max-time budget.
    const byTime =
      this.maxSeconds !== undefined && this.#trainingSeconds !== undefined
        ? Math.max(0, this.maxSeconds - this.#trainingSeconds)
        : Infinity;
    const bySteps =
      this.#totalSteps && rate > 0 && this.#step < this.#totalSteps ? (this.#totalSteps - this.#step) / rate : Infinity;
    if (Number.isFinite(Math.min(byTime, bySteps))) parts.push(`ETA ${formatDuration(Math.min(byTime, bySteps))}`);
    if (this.maxSeconds !== undefined && this.#trainingSeconds !== undefined)
      parts.push(`train ${formatDuration(this.#trainingSeconds)}/${formatDuration(this.maxSeconds)}`);
    const values = [...this.#latest].slice(-4).map(([name, value]) => `${name} ${formatNumber(value)}`);
    const line = [...parts, ...values].join(' · ');
    if (this.io.isTTY) this.io.err(`\r\x1b[2K${line}`);
    else this.io.err(`${line}\n`);
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 59.95) return `${seconds.toFixed(1)}s`;
  // Round once, to the unit shown, before splitting: 479.6 s is 8m00s, not 7m60s.
  const wholeSeconds = Math.round(seconds);
  if (wholeSeconds < 3600) return `${Math.floor(wholeSeconds / 60)}m${String(wholeSeconds % 60).padStart(2, '0')}s`;
  const wholeMinutes = Math.round(seconds / 60);
  return `${Math.floor(wholeMinutes / 60)}h${String(wholeMinutes % 60).padStart(2, '0')}m`;
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 1000 || (Math.abs(value) < 0.01 && value !== 0) ? value.toExponential(2) : value.toFixed(3);
}
