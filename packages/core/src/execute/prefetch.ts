/**
 * Pulls up to `size` items ahead from an async iterator, so that producing the next item
 * overlaps with processing this one, and never more than that.
 */
export class Prefetcher<T> {
  readonly #iterator: AsyncIterator<T>;
  readonly #queue: Promise<IteratorResult<T>>[] = [];
  #exhausted = false;

  constructor(
    source: AsyncIterable<T>,
    readonly size: number,
  ) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  async next(): Promise<IteratorResult<T>> {
    while (!this.#exhausted && this.#queue.length < this.size) {
      const pending = this.#iterator.next();
      this.#queue.push(pending);
      pending.then(
        (result) => {
          if (result.done) this.#exhausted = true;
        },
        () => {
          this.#exhausted = true;
        },
      );
    }
    const head = this.#queue.shift();
    return head ?? { done: true, value: undefined };
  }

  /** Stops the source and disposes the items fetched but never taken (tensors would leak otherwise). */
  async close(): Promise<void> {
    this.#exhausted = true;
    const abandoned = this.#queue.splice(0);
    for (const pending of abandoned) {
      const result = await pending.catch(() => undefined);
      if (result && !result.done) disposeItem(result.value);
    }
    await this.#iterator.return?.();
  }
}

export function disposeItem(item: unknown): void {
  const disposable = item as { dispose?: () => void } | null;
  if (disposable && typeof disposable.dispose === 'function') disposable.dispose();
}
