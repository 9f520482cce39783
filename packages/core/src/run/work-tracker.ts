/**
 * Counts items held by asynchronous stages (queued or being processed). Sources wait on it
 * before producing more, which is how a pull-driven run stays bounded behind a slow stage:
 * RxJS itself has no backpressure.
 */
export class WorkTracker {
  #pending = 0;
  #waiters: { limit: number; resolve: () => void }[] = [];

  get pending(): number {
    return this.#pending;
  }

  enter(): void {
    this.#pending += 1;
  }

  leave(): void {
    this.#pending -= 1;
    const ready = this.#waiters.filter((waiter) => this.#pending <= waiter.limit);
    this.#waiters = this.#waiters.filter((waiter) => this.#pending > waiter.limit);
    for (const waiter of ready) waiter.resolve();
  }

  /** Resolves once at most `limit` items are pending. */
  atMost(limit: number): Promise<void> {
    if (this.#pending <= limit) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ limit, resolve }));
  }
}
