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

async function report(error: unknown, command: Command, io: CommandIO): Promise<number> {
  const { isUserError, PipelineError, PipelineErrors, StageFailure, terminalSafe, UserError } =
    await import('@granular/core');
  if (error instanceof PipelineErrors || error instanceof PipelineError) {
    io.err(`${(error instanceof PipelineErrors ? error : new PipelineErrors([error])).format()}\n`);
    return 2;
  }
  const code = (error as { code?: string }).code;
  if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    const message = error instanceof UsageError ? error.message : argumentErrorMessage(error as Error, command);
    io.err(`granular ${command.name}: ${terminalSafe(message)}\nUsage: ${command.usage}\n`);
    return 2;
  }
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
    if (error.cause instanceof UserError) {
      if (error.cause.hint) io.err(`    hint: ${error.cause.hint}\n`);
    } else if (isUserError(error.cause)) io.err(`${error.cause.format()}\n`);
    else if (error.cause instanceof Error && error.cause.stack) io.err(`${error.cause.stack}\n`);
    return 1;
  }
  if (error instanceof UserError) {
    io.err(
      terminalSafe(`granular ${command.name}: ${error.message}\n${error.hint ? `    hint: ${error.hint}\n` : ''}`),
    );
    return 2;
  }
  throw error;
}
