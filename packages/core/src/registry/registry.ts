import { didYouMean } from '../errors/did-you-mean.ts';

export interface Named {
  readonly name: string;
}

/**
 * Maps the names written in YAML to definitions. Code never switches on those strings:
 * it asks a registry, so that a plugin's entry is as good as a built-in one.
 */
export class Registry<T extends Named> {
  readonly #entries = new Map<string, T>();

  constructor(readonly kind: string) {}

  register(definition: T): void {
    if (this.#entries.has(definition.name)) {
      throw new Error(`${this.kind} '${definition.name}' is registered twice`);
    }
    this.#entries.set(definition.name, definition);
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  get(name: string): T | undefined {
    return this.#entries.get(name);
  }

  names(): string[] {
    return [...this.#entries.keys()].sort();
  }

  all(): T[] {
    return this.names().map((name) => this.#entries.get(name)!);
  }

  /** A hint for a name that is not registered. */
  hintFor(name: string): string {
    return didYouMean(name, this.names()) ?? `run \`granular stages\` to list the ${this.kind}s`;
  }

  copy(): Registry<T> {
    const copy = new Registry<T>(this.kind);
    for (const entry of this.#entries.values()) copy.register(entry);
    return copy;
  }
}
