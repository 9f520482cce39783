import { PipelineError } from '../errors/pipeline-error.ts';
import { didYouMean } from '../errors/did-you-mean.ts';
import type { Locate } from '../schema/schema-errors.ts';
import type { PathSegment } from '../yaml/yaml-locator.ts';
import { isPlainObject } from '../spec/deep-merge.ts';

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const EMBEDDED = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${name}` in a group's stage specs by the instance's parameter values. A string
 * that is exactly `${name}` takes the value with its type (`size: ${size}` stays a number);
 * inside longer text the value is interpolated as text. An unknown name is an error at the
 * string that uses it.
 */
export function substituteParams(
  value: unknown,
  params: Record<string, unknown>,
  locate: Locate,
  path: PathSegment[],
  errors: PipelineError[],
): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1]!, params, locate, path, errors);
    return value.replace(EMBEDDED, (_, name: string) => String(lookup(name, params, locate, path, errors) ?? ''));
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteParams(item, params, locate, [...path, i], errors));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteParams(item, params, locate, [...path, key], errors)]),
    );
  }
  return value;
}

function lookup(
  name: string,
  params: Record<string, unknown>,
  locate: Locate,
  path: PathSegment[],
  errors: PipelineError[],
): unknown {
  if (name in params) return params[name];
  errors.push(
    new PipelineError({
      location: locate(path),
      message: `\${${name}} is not a parameter of this group`,
      hint: didYouMean(
        name,
        Object.keys(params),
        `declare it under params: (declared: ${Object.keys(params).join(', ') || 'none'})`,
      ),
    }),
  );
  return undefined;
}
