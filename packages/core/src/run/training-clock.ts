/**
 * Seconds of *training*: wall time while the run's sources may produce items, not counting
 * the time exclusive work holds the run still (evaluations and checkpoints, which stop the
 * training while they run). Budgets (`--max-time`) and schedules (`every_seconds:`) read it, so
 * an evaluation never eats the budget of the run it measures. A resumed run starts from the
 * training time its checkpoint recorded.
 */
export class TrainingClock {
  readonly #now: () => number;
  /** Seconds counted before the current start (a resumed run's earlier training). */
  #carried: number;
  #startedAt: number | undefined;
  #pausedAt: number | undefined;
  #pausedFor = 0;
  #pauses = 0;

  constructor(initialSeconds = 0, now: () => number = () => performance.now() / 1000) {
    this.#carried = initialSeconds;
    this.#now = now;
  }

  /** Begins counting (the first item is about to be pulled); a second call does nothing. */
  start(): void {
    if (this.#startedAt === undefined) this.#startedAt = this.#now();
  }

  /** Stops counting until the matching `resume` (pauses nest: the clock runs when none is open). */
  pause(): void {
    this.#pauses += 1;
    if (this.#pauses === 1) this.#pausedAt = this.#now();
  }

  resume(): void {
    if (this.#pauses === 0) return;
    this.#pauses -= 1;
    if (this.#pauses === 0 && this.#pausedAt !== undefined) {
      // Only the part of a pause after the start was ever counted.
      if (this.#startedAt !== undefined) this.#pausedFor += this.#now() - Math.max(this.#pausedAt, this.#startedAt);
      this.#pausedAt = undefined;
    }
  }

  /** Training seconds so far, the carried-over ones included. */
  seconds(): number {
    if (this.#startedAt === undefined) return this.#carried;
    const end = this.#pausedAt === undefined ? this.#now() : Math.max(this.#pausedAt, this.#startedAt);
    return this.#carried + Math.max(0, end - this.#startedAt - this.#pausedFor);
  }
}
