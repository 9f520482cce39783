import { parseArgs, type ParseArgsConfig } from 'node:util';
// The user-error module alone, not the core package: `granular --help` must not load the engine.
import { UserError } from '@granular/core/user-error';
import type { CommandIO } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One `granular <name>` command: its help text, its options, and what it does. */
export interface Command<O extends Options = Options> {
  name: string;
  usage: string;
  /** Longer help: what each option means, with examples. */
  help: string;
  options: O;
  /** Returns the process exit code. */
  run(args: ParsedArgs<O>, io: CommandIO): Promise<number>;
}

export interface ParsedArgs<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values'];
  positionals: string[];
}

export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

export function parseCommandArgs<O extends Options>(command: Command<O>, argv: string[]): ParsedArgs<O> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: command.options,
    allowPositionals: true,
    strict: true,
  });
  return { values, positionals };
}

/** A mistake on the command line: a user error printed with the command's usage, exit code 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
