import type { SourceLocation } from './source-location.ts';
import { UserError } from './user-error.ts';

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
 * A user's mistake in a pipeline (or a file or flag it points to), at its place: printed as
 * `file:line:col  message` with its path, schema path and hint; the CLI exits 2.
 */
export class PipelineError extends UserError {
  declare readonly location: SourceLocation;

  constructor(init: PipelineErrorInit) {
    super(init.message, init);
    this.name = 'PipelineError';
  }
}

/** Every mistake found in one validation pass: users fix them all at once, not one per run. */
export class PipelineErrors extends UserError {
  readonly errors: readonly PipelineError[];

  constructor(errors: readonly PipelineError[]) {
    super(errors.map((error) => error.format()).join('\n'));
    this.name = 'PipelineErrors';
    this.errors = sortByLocation(errors);
  }

  override format(): string {
    const count = this.errors.length;
    const body = this.errors.map((error) => error.format()).join('\n');
    return `${body}\n${count} error${count === 1 ? '' : 's'}`;
  }
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

/**
 * How every user error is printed (the CLI's one printer): pipeline mistakes as a located list
 * with their count, any other with `prefix` (`granular run: `) before its message.
 */
export function formatUserError(error: UserError, prefix: string): string {
  if (error instanceof PipelineErrors) return error.format();
  if (error instanceof PipelineError) return new PipelineErrors([error]).format();
  return error.format(prefix);
}
