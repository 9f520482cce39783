/**
 * Counts items held by asynchronous stages (queued or being processed). Sources wait on it
 * before producing more, which is how a pull-driven run stays bounded behind a slow stage:
 * RxJS itself has no backpressure.
 */
export class WorkTracker {
  #pending = 0;
  /** Items whose work must finish before any source emits again (a checkpoint's consistent snapshot). */
  #exclusive = 0;
  #waiters: { limit: number; resolve: () => void }[] = [];
  /** Told when exclusive work starts (true) and when the last of it ends (false): the training clock stops meanwhile. */
  readonly #onExclusive: (active: boolean) => void;

  constructor(onExclusive: (active: boolean) => void = () => {}) {
    this.#onExclusive = onExclusive;
  }

  get pending(): number {
    return this.#pending;
  }

  enter(): void {
    this.#pending += 1;
  }

  leave(): void {
    this.#pending -= 1;
    this.#wake();
  }

  enterExclusive(): void {
    this.#pending += 1;
    this.#exclusive += 1;
    if (this.#exclusive === 1) this.#onExclusive(true);
  }

  leaveExclusive(): void {
    this.#pending -= 1;
    this.#exclusive -= 1;
    if (this.#exclusive === 0) this.#onExclusive(false);
    this.#wake();
  }

  /** Resolves once at most `limit` items are pending and no exclusive work runs. */
  atMost(limit: number): Promise<void> {
    if (this.#ready(limit)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ limit, resolve }));
  }

  #ready(limit: number): boolean {
    return this.#pending <= limit && this.#exclusive === 0;
  }

  #wake(): void {
    const ready = this.#waiters.filter((waiter) => this.#ready(waiter.limit));
    this.#waiters = this.#waiters.filter((waiter) => !this.#ready(waiter.limit));
    for (const waiter of ready) waiter.resolve();
  }
}
