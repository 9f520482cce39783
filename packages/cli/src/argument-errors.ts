import type { Command } from './command.ts';

/**
 * Node's parseArgs errors, said in the CLI's own words (one line, what to type instead):
 * its texts explain its parser, not the command.
 */
export function argumentErrorMessage(error: Error & { code?: string }, command: Command): string {
  const option = /'(--?[\w-]+)/.exec(error.message)?.[1];
  const known = Object.keys(command.options).map((name) => `--${name}`);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const close = known.filter(
      (name) => name.includes(option.replace(/^-+/, '')) || option.includes(name.replace(/^-+/, '')),
    );
    return `unknown option ${option}${close.length ? ` (did you mean ${close.join(' or ')}?)` : ''}; its options: ${known.join(', ') || 'none'}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/ambiguous/.test(error.message))
      return `${option} takes a value; to give one that starts with '-', write ${option}=VALUE (here it would be read as another option)`;
    if (/missing/.test(error.message)) return `${option} needs a value`;
    return `${option} does not take a value`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'this command takes no further arguments';
  return error.message.split('\n')[0]!;
}
