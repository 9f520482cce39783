import type { ErrorObject, ValidateFunction } from 'ajv';
import { didYouMean } from '../errors/did-you-mean.ts';
import { PipelineError } from '../errors/pipeline-error.ts';
import type { SourceLocation } from '../errors/source-location.ts';
import type { LocateOptions, PathSegment } from '../yaml/yaml-locator.ts';

export type Locate = (path: readonly PathSegment[], options?: LocateOptions) => SourceLocation;

/** `stages.d.with.lr`, `plugins[0]`: how paths are shown to users. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) return `${text}[${segment}]`;
    return text ? `${text}.${segment}` : segment;
  }, '');
}

function instancePathSegments(instancePath: string): string[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Runs a compiled validator and turns each ajv error into a PipelineError at the YAML node
 * it concerns. ajv knows instance paths only; `locate` maps them to lines and columns.
 * `prefix` places the validated value inside a larger document (a stage's `with:`).
 */
export function schemaErrors(
  validate: ValidateFunction,
  value: unknown,
  locate: Locate,
  prefix: readonly PathSegment[] = [],
): PipelineError[] {
  if (validate(value)) return [];
  // `if` only says a `then` failed (reported on its own); `propertyNames` repeats its inner `pattern` error.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if' && error.keyword !== 'propertyNames');
  return errors.map((error) => toPipelineError(error, locate, prefix));
}

function toPipelineError(error: ErrorObject, locate: Locate, prefix: readonly PathSegment[]): PipelineError {
  const path = [...prefix, ...instancePathSegments(error.instancePath)];
  const shown = formatPath(path) || 'the pipeline';
  const schemaPath = error.schemaPath;
  const described = (error.parentSchema as { description?: string } | undefined)?.description;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return new PipelineError({
        location: locate([...path, key], { key: true }),
        message: `unknown key '${key}' in ${shown}`,
        path: formatPath([...path, key]),
        schemaPath,
        hint: didYouMean(key, known, known.length ? `allowed keys: ${known.join(', ')}` : `${shown} takes no keys`),
      });
    }
    case 'required': {
      const key = String(params['missingProperty']);
      return new PipelineError({
        location: locate(path, { key: true }),
        message: `${shown} is missing the required key '${key}'`,
        path: formatPath([...path, key]),
        schemaPath,
        hint: requiredHint(key),
      });
    }
    case 'minProperties':
      return new PipelineError({
        location: locate(path),
        message: `${shown} is empty`,
        path: shown,
        schemaPath,
        hint: shown === 'stages' ? 'a pipeline needs at least one stage: a source, and stages that read it' : described,
      });
    case 'pattern': {
      if (error.keyword === 'pattern' && error.propertyName === undefined) {
        return new PipelineError({
          location: locate(path),
          message: `${shown} is '${String(error.data)}', which does not match ${String(params['pattern'])}`,
          path: shown,
          schemaPath,
          hint: 'use letters, digits, _ and -, starting with a letter or _',
        });
      }
      const name = String(params['propertyName'] ?? error.propertyName ?? '');
      return new PipelineError({
        location: locate([...path, name], { key: true }),
        message: `'${name}' is not a valid name in ${shown}`,
        path: formatPath([...path, name]),
        schemaPath,
        hint: 'names use letters, digits, _ and -, and start with a letter or _',
      });
    }
    case 'type':
      return new PipelineError({
        location: locate(path),
        message: `${shown} must be ${article(String(params['type']))}, but is ${describe(error.data)}`,
        path: shown,
        schemaPath,
        hint: described,
      });
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      return new PipelineError({
        location: locate(path),
        message: `${shown} is ${describe(error.data)}; it must be one of ${allowed.join(', ')}`,
        path: shown,
        schemaPath,
        hint: didYouMean(String(error.data), allowed, described),
      });
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const comparison = String(params['comparison']);
      return new PipelineError({
        location: locate(path),
        message: `${shown} must be ${comparison} ${String(params['limit'])}, but is ${describe(error.data)}`,
        path: shown,
        schemaPath,
        hint: described,
      });
    }
    default:
      return new PipelineError({
        location: locate(path),
        message: `${shown} ${error.message ?? 'is not valid'}`,
        path: shown,
        schemaPath,
        hint: described,
      });
  }
}

function requiredHint(key: string): string | undefined {
  if (key === 'use') return 'every stage names what it runs: `use: <stage name>` (see `granular stages`)';
  if (key === 'stages') return 'a pipeline needs at least one stage under `stages:`';
  if (key === 'name') return 'add `name: my-pipeline`; it names the run directory';
  return undefined;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null (empty)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return `${typeof value} ${String(value)}`;
}
