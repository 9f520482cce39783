import { didYouMean, isUserError, PipelineError, PipelineErrors, StageFailure, UserError } from '@granular/core';
import { parseCommandArgs, UsageError, type Command } from './command.ts';
import { graphCommand } from './commands/graph.ts';
import { compareCommand } from './commands/compare.ts';
import { doctorCommand } from './commands/doctor.ts';
import { evalCommand } from './commands/eval.ts';
import { exportCommand } from './commands/export.ts';
import { reproCommand } from './commands/repro.ts';
import { reportCommand } from './commands/report.ts';
import { resumeCommand } from './commands/resume.ts';
import { runCommand } from './commands/run.ts';
import { stagesCommand } from './commands/stages.ts';
import { sweepCommand } from './commands/sweep.ts';
import { validateCommand } from './commands/validate.ts';
import { processIO, type CommandIO } from './io.ts';

const COMMANDS = new Map<string, Command>(
  [validateCommand, graphCommand, runCommand, resumeCommand, reproCommand, sweepCommand, compareCommand, reportCommand, evalCommand, exportCommand, stagesCommand, doctorCommand].map((command) => [command.name, command as unknown as Command]),
);

function usage(): string {
  const width = Math.max(...[...COMMANDS.keys()].map((name) => name.length));
  const list = [...COMMANDS.values()].map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `Granular: multi-scale GAN experiments as YAML pipelines.

Usage: granular <command> [options]

Commands:
${list}

Run 'granular <command> --help' for a command's options and examples.
`;
}

/** Runs the CLI; returns the exit code. 0 ok, 1 a stage failed, 2 a user mistake, 130 interrupted. */
export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return 0;
  }
  const command = COMMANDS.get(name);
  if (!command) {
    io.err(`granular: unknown command '${name}'\n    hint: ${didYouMean(name, COMMANDS.keys(), `the commands are ${[...COMMANDS.keys()].join(', ')}`)}\n`);
    return 2;
  }
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

function report(error: unknown, command: Command, io: CommandIO): number {
  if (error instanceof PipelineErrors || error instanceof PipelineError) {
    io.err(`${(error instanceof PipelineErrors ? error : new PipelineErrors([error])).format()}\n`);
    return 2;
  }
  const code = (error as { code?: string }).code;
  if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    io.err(`granular ${command.name}: ${(error as Error).message}\nUsage: ${command.usage}\n`);
    return 2;
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
    io.err(`granular ${command.name}: ${error.message}\n${error.hint ? `    hint: ${error.hint}\n` : ''}`);
    return 2;
  }
  throw error;
}
