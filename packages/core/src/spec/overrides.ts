import { parseDocument } from 'yaml';
import { closestNames } from '../errors/did-you-mean.ts';
import { PipelineError } from '../errors/pipeline-error.ts';
import type { SourceLocation } from '../errors/source-location.ts';
import { formatPath } from '../schema/schema-errors.ts';
import { isPlainObject } from './deep-merge.ts';
import { yamlHint, yamlMessage } from '../yaml/yaml-file.ts';
import { findNonFinite, RESERVED_KEYS } from './reserved-keys.ts';

const QUOTE_HINT = "quote the whole argument in the shell, e.g. --set 'stages.d.with.betas=[0.5, 0.999]'";

/** One `--set a.b.c=value` from the command line. */
export interface Override {
  path: string[];
  value: unknown;
  /** Where the value starts, for errors about it. */
  location: SourceLocation;
}

function overrideLocation(index: number, col: number): SourceLocation {
  return { file: `--set[${index + 1}]`, line: 1, col };
}

/** Parses `a.b.c=value`; the value is YAML, so `--set seed=3` is a number and `--set x=[1,2]` a list. */
export function parseOverride(text: string, index: number): Override {
  const equals = text.indexOf('=');
  if (equals <= 0) {
    throw new PipelineError({
      location: overrideLocation(index, 1),
      message: `--set '${text}' is not of the form path=value`,
      hint: 'for example --set stages.batches.with.size=32',
    });
  }
  const path = text.slice(0, equals).split('.');
  const reserved = path.find((segment) => RESERVED_KEYS.has(segment));
  if (reserved !== undefined) {
    throw new PipelineError({
      location: overrideLocation(index, 1),
      message: `--set: '${reserved}' cannot be a key of a pipeline`,
      hint: `${[...RESERVED_KEYS].join(', ')} would reach the prototypes of every object; name the key you meant`,
    });
  }
  const emptyAt = path.findIndex((segment) => segment.trim() === '');
  if (emptyAt >= 0) {
    throw new PipelineError({
      location: overrideLocation(index, 1),
      message: `--set '${text}' has an empty key in its path`,
      hint: 'separate keys with single dots: stages.d.with.lr=0.001',
    });
  }
  if (path[0] === 'extends') {
    throw new PipelineError({
      location: overrideLocation(index, 1),
      message: '--set cannot change extends: what a pipeline builds on is part of its file',
      hint: 'write extends: in a pipeline file of your own that the run names',
    });
  }
  // The value is YAML read as pipeline files are: the same refusals (tags, aliases), the same words.
  const document = parseDocument(text.slice(equals + 1), {
    schema: 'core',
    strict: true,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const problem = [...document.errors, ...document.warnings][0];
  let value: unknown;
  try {
    if (problem) throw new Error(yamlMessage(problem));
    value = document.toJS({ maxAliasCount: 0 });
  } catch (error) {
    throw new PipelineError({
      location: overrideLocation(index, equals + 2),
      message: `--set value is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      hint: problem ? (yamlHint(problem) ?? QUOTE_HINT) : QUOTE_HINT,
    });
  }
  const infinite = findNonFinite(value);
  if (infinite) {
    throw new PipelineError({
      location: overrideLocation(index, equals + 2),
      message: `--set ${path.join('.')}: numbers must be finite`,
      hint: 'write the number itself (1e400 and .inf are infinite)',
    });
  }
  return { path, value: value ?? null, location: overrideLocation(index, equals + 2) };
}

/**
 * Applies overrides in order. Every key up to the last must already exist (a typo such as
 * `stagse.d...` must not silently create a new branch); the last key may be new, and the
 * schema decides whether it is allowed there. A `null` value removes the key.
 */
export function applyOverrides(
  value: Record<string, unknown>,
  overrides: readonly Override[],
): Record<string, unknown> {
  const result = structuredClone(value);
  for (const override of overrides) {
    let node: Record<string, unknown> = result;
    for (const [depth, key] of override.path.slice(0, -1).entries()) {
      const next = node[key];
      if (!isPlainObject(next)) {
        const where = formatPath(override.path.slice(0, depth + 1));
        const close = closestNames(key, Object.keys(node));
        throw new PipelineError({
          location: { ...override.location, col: 1 },
          message:
            next === undefined
              ? `--set: ${where} does not exist in the pipeline`
              : `--set: ${where} is not a mapping, so it has no key '${override.path[depth + 1]}'`,
          path: where,
          hint: close.length
            ? `did you mean ${close.map((c) => `'${c}'`).join(' or ')}?`
            : `existing keys here: ${Object.keys(node).join(', ') || '(none)'}`,
        });
      }
      node = next;
    }
    // null removes the key, as it does in a file that extends another: --set stages.metrics=null drops a stage.
    const last = override.path.at(-1)!;
    if (override.value === null && !Object.hasOwn(node, last)) {
      const close = closestNames(last, Object.keys(node));
      throw new PipelineError({
        location: { ...override.location, col: 1 },
        message: `${formatPath(override.path)} does not exist in the pipeline, so there is nothing to remove`,
        path: formatPath(override.path),
        hint: close.length
          ? `did you mean ${close.map((c) => `'${c}'`).join(' or ')}?`
          : `existing keys here: ${Object.keys(node).join(', ') || '(none)'}`,
      });
    }
    if (override.value === null) delete node[last];
    else node[last] = override.value;
  }
  return result;
}
