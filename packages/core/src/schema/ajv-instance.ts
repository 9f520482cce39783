import { didYouMean } from '../errors/did-you-mean.ts';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * One ajv for the whole process: compiling is the slow part, so compiled validators are
 * cached per schema object. `allErrors` because users fix everything at once; `verbose`
 * because messages quote the offending value and hints read the parent schema.
 */
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, useDefaults: true });
const compiled = new WeakMap<object, ValidateFunction>();
/**
 * A pipeline's schema is built anew for each load (its plugins and groups add to it), and ajv
 * keeps what every compile generates: compiling equal schemas once, by their text, keeps a
 * long-lived process (a sweep, a test run, the fuzzer) from growing by a megabyte per load.
 */
const compiledByText = new Map<string, ValidateFunction>();

export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const text = JSON.stringify(schema);
    validate = compiledByText.get(text) ?? ajv.compile(schema);
    ajv.removeSchema(schema);
    compiledByText.set(text, validate);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Compiles a schema that a user wrote (a group's `params:`), reporting a bad schema as a message instead of throwing. */
export function tryCompileSchema(schema: object): ValidateFunction | string {
  try {
    return compileSchema(schema);
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Validates a value (in place: defaults are filled in) against a parameter schema built at
 * run time (a loss's own parameters), returning readable problems; empty when valid.
 */
export function checkValue(schema: object, value: unknown): string[] {
  const validate = compileSchema(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath.slice(1).replace(/\//g, '.');
    if (error.keyword !== 'additionalProperties') return `${where || 'value'} ${error.message ?? 'is not valid'}`;
    // The key a typo made, with the ones there are: as the pipeline schema's own errors say it.
    const key = String((error.params as { additionalProperty?: unknown }).additionalProperty);
    const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    return `unknown key '${key}'${where ? ` in ${where}` : ''}; ${didYouMean(key, known, known.length ? `allowed keys: ${known.join(', ')}` : 'it takes no keys')}`;
  });
}
