/**
 * Ports carry named types so that validation can refuse a wiring that would fail at run time
 * (a discriminator that needs scales wired to plain batches). A port is a value, defined by the
 * package that owns its type (`BATCH_PORT` in @granular/data): `Port<Batch>`. The engine knows
 * only the generic ones below; plugins define their own with `definePort`.
 */
export interface Port<T = unknown> {
  readonly name: string;
  /** The port names an input of this type takes: its own, or each member of a union. */
  readonly accepts: readonly string[];
  /** Whether it carries data (a data set, batches): a stage that gives it and that nothing reads is likely a mistake. */
  readonly data: boolean;
  /** Never set: carries the type of the items. */
  readonly type?: T;
  toString(): string;
}

export function definePort<T>(name: string, options: { data?: boolean } = {}): Port<T> {
  return { name, accepts: [name], data: options.data ?? false, toString: () => name };
}

/** An input that takes either port's items (`Batch|Pyramid`). */
export function eitherPort<A, B>(a: Port<A>, b: Port<B>): Port<A | B> {
  const name = `${a.name}|${b.name}`;
  return { name, accepts: [...a.accepts, ...b.accepts], data: a.data && b.data, toString: () => name };
}

/** Anything; a stage that takes `Any` accepts every output. */
export const ANY_PORT = definePort<unknown>('Any');
/** Nothing flows out: the stage is a sink. */
export const NONE_PORT = definePort<never>('None');
export const NUMBER_PORT = definePort<number>('Number');
export const TEXT_PORT = definePort<string>('Text');

const GENERIC = new Map([ANY_PORT, NONE_PORT, NUMBER_PORT, TEXT_PORT].map((port) => [port.name, port]));

/**
 * A port from what a definition gives: a port, or its name as plugins and stage groups may write
 * it (`Number`, `Batch|Pyramid`: a union is split here, once, not at every check).
 */
export function toPort(port: Port | string): Port {
  if (typeof port !== 'string') return port;
  const names = port.split('|');
  if (names.length > 1) return names.map((name) => toPort(name)).reduce((a, b) => eitherPort(a, b));
  return GENERIC.get(port) ?? definePort(port);
}

/** Whether an input port takes an output: `Any`, the same name, or one of a union's. */
export function portAccepts(input: Port, output: Port): boolean {
  if (output.name === NONE_PORT.name) return false;
  return input.name === ANY_PORT.name || input.accepts.includes(output.name);
}
