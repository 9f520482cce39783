import { formatLocation, type SourceLocation } from './source-location.ts';
import { terminalSafe } from './terminal-safe.ts';

export interface PipelineErrorInit {
  location: SourceLocation;
  message: string;
  /** Where in the pipeline document, as dotted keys (`stages.d.with.lr`). */
  path?: string;
  /** The JSON Schema keyword path that failed, when the schema found it. */
  schemaPath?: string;
  hint?: string;
}

/**
 * A user's mistake in a pipeline (or a file or flag it points to). The CLI prints it as
 * `file:line:col  message` with its path, schema path and hint, without a stack, and exits 2.
 */
export class PipelineError extends Error {
  readonly location: SourceLocation;
  readonly path: string | undefined;
  readonly schemaPath: string | undefined;
  readonly hint: string | undefined;

  constructor(init: PipelineErrorInit) {
    super(init.message);
    this.name = 'PipelineError';
    this.location = init.location;
    this.path = init.path;
    this.schemaPath = init.schemaPath;
    this.hint = init.hint;
  }

  /** For a terminal: what the file or arguments held is shown, never interpreted (escape sequences, bidi overrides). */
  format(): string {
    const lines = [`${formatLocation(this.location)}  ${this.message}`];
    if (this.path) lines.push(`    at: ${this.path}`);
    if (this.schemaPath) lines.push(`    schema: ${this.schemaPath}`);
    if (this.hint) lines.push(`    hint: ${this.hint}`);
    return terminalSafe(lines.join('\n'));
  }
}

/** Every mistake found in one validation pass: users fix them all at once, not one per run. */
export class PipelineErrors extends Error {
  readonly errors: readonly PipelineError[];

  constructor(errors: readonly PipelineError[]) {
    super(errors.map((error) => error.format()).join('\n'));
    this.name = 'PipelineErrors';
    this.errors = sortByLocation(errors);
  }

  format(): string {
    const count = this.errors.length;
    const body = this.errors.map((error) => error.format()).join('\n');
    return `${body}\n${count} error${count === 1 ? '' : 's'}`;
  }
}

export function isUserError(error: unknown): error is PipelineError | PipelineErrors {
  return error instanceof PipelineError || error instanceof PipelineErrors;
}

/** Collects errors from several checks; throws them together. */
export class ErrorList {
  readonly items: PipelineError[] = [];

  add(init: PipelineErrorInit | PipelineError): void {
    this.items.push(init instanceof PipelineError ? init : new PipelineError(init));
  }

  absorb(error: unknown): void {
    if (error instanceof PipelineErrors) this.items.push(...error.errors);
    else if (error instanceof PipelineError) this.items.push(error);
    else throw error;
  }

  get size(): number {
    return this.items.length;
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new PipelineErrors(this.items);
  }
}

function sortByLocation(errors: readonly PipelineError[]): PipelineError[] {
  return [...errors].sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      a.location.line - b.location.line ||
      a.location.col - b.location.col,
  );
}
