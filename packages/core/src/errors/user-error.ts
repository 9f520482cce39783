import { formatLocation, type SourceLocation } from './source-location.ts';
import { terminalSafe } from './terminal-safe.ts';

/** What a user error can say besides its message. */
export interface UserErrorDetails {
  hint?: string | undefined;
  /** The place in a file (a pipeline, a group, `--set[2]`) it concerns. */
  location?: SourceLocation | undefined;
  /** Where in the pipeline document, as dotted keys (`stages.d.with.lr`). */
  path?: string | undefined;
  /** The JSON Schema keyword path that failed, when the schema found it. */
  schemaPath?: string | undefined;
}

/**
 * The one family of mistakes a user can fix: in a pipeline (with its file, line and column), on
 * the command line, or found while a run executes (a data file that is missing, a backend that
 * cannot start). Printed by `format`, never with a stack; the CLI exits 2. Anything else that
 * escapes a command is a bug in Granular.
 */
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly path: string | undefined;
  readonly schemaPath: string | undefined;

  constructor(message: string, details: string | UserErrorDetails = {}) {
    super(message);
    this.name = 'UserError';
    const given = typeof details === 'string' ? { hint: details } : details;
    this.hint = given.hint;
    this.location = given.location;
    this.path = given.path;
    this.schemaPath = given.schemaPath;
  }

  /**
   * `file:line:col  message` (or `prefix` and the message, without a place), then the path,
   * schema path and hint, indented. For a terminal: what files and arguments held is shown,
   * never interpreted (escape sequences, bidi overrides).
   */
  format(prefix = ''): string {
    const headline = this.location ? `${formatLocation(this.location)}  ${this.message}` : `${prefix}${this.message}`;
    return terminalSafe([headline, ...this.details()].join('\n'));
  }

  /** The lines under the headline: path, schema path, hint. */
  details(): string[] {
    const lines: string[] = [];
    if (this.path) lines.push(`    at: ${this.path}`);
    if (this.schemaPath) lines.push(`    schema: ${this.schemaPath}`);
    if (this.hint) lines.push(`    hint: ${this.hint}`);
    return lines.map(terminalSafe);
  }
}
