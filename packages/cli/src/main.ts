import { argumentErrorMessage } from './argument-errors.ts';
import { parseCommandArgs, UsageError, type Command } from './command.ts';
import { describeFileSystemFault } from './file-system-errors.ts';
import { COMMAND_TABLE } from './commands/command-table.ts';
import { processIO, type CommandIO } from './io.ts';

const COMMANDS = new Map(COMMAND_TABLE.map((entry) => [entry.name, entry]));

function usage(): string {
  const width = Math.max(...[...COMMANDS.keys()].map((name) => name.length));
  const list = COMMAND_TABLE.map((entry) => `  ${entry.name.padEnd(width)}  ${entry.summary}`).join('\n');
  return `Granular: multi-scale GAN experiments as YAML pipelines.

Usage: granular <command> [options]

Commands:
${list}

Run 'granular <command> --help' for a command's options and examples.
`;
}

/**
 * Runs the CLI; returns the exit code. 0 ok, 1 a stage failed, 2 a user mistake, 130
 * interrupted. Only the command that runs is loaded (with TensorFlow.js if it computes), so
 * `granular --help` starts at once.
 */
export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  if (process.env['GRANULAR_EXIT_WITH_PARENT'] === '1') (await import('./exit-with-parent.ts')).exitWithParent();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return 0;
  }
  const entry = COMMANDS.get(name);
  if (!entry) {
    const { didYouMean, terminalSafe } = await import('@granular/core');
    io.err(
      terminalSafe(
        `granular: unknown command '${name}'\n    hint: ${didYouMean(name, COMMANDS.keys(), `the commands are ${[...COMMANDS.keys()].join(', ')}`)}\n`,
      ),
    );
    return 2;
  }
  const command = (await entry.load()) as unknown as Command;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${command.usage}\n\n${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(parseCommandArgs(command, rest), io);
  } catch (error) {
    return report(error, command, io);
  }
}

/**
 * Answers what escaped a command: a user error (exit 2) in the one format user errors have; a
 * write the machine refused (exit 1); a stage that failed (exit 1, with its cause: a user error
 * as such, anything else with its stack); anything else is a bug in Granular: its stack, and a
 * request to report it (exit 1).
 */
async function report(error: unknown, command: Command, io: CommandIO): Promise<number> {
  const { formatUserError, StageFailure, terminalSafe, UserError } = await import('@granular/core');
  const code = (error as { code?: string } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    error = new UsageError(argumentErrorMessage(error as Error, command));
  const fault = describeFileSystemFault(error instanceof StageFailure ? error.cause : error);
  if (fault) {
    const where =
      error instanceof StageFailure
        ? error.message.slice(0, error.message.indexOf(' failed: ') + ' failed: '.length)
        : `granular ${command.name}: `;
    io.err(
      terminalSafe(
        `${where}${fault}\n    hint: check the folder's permissions and free space; a run stops at the first write it cannot make\n`,
      ),
    );
    return 1;
  }
  if (error instanceof StageFailure) {
    io.err(`${error.message}\n`);
    // A user error's own place or hint; any other cause is a bug, shown with its stack.
    const cause = error.cause;
    const lines =
      cause instanceof UserError
        ? cause.location
          ? [cause.format()]
          : cause.details()
        : cause instanceof Error && cause.stack
          ? [cause.stack]
          : [];
    for (const line of lines) io.err(`${line}\n`);
    return 1;
  }
  if (error instanceof UserError) {
    io.err(`${formatUserError(error, `granular ${command.name}: `)}\n`);
    if (error instanceof UsageError) io.err(`Usage: ${command.usage}\n`);
    return 2;
  }
  io.err(
    `granular ${command.name}: internal error, a bug in Granular or in a plugin (not a mistake in your pipeline). Please report it with the command line, the pipeline and this text.\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
