import type { Catalog, StageLike } from '../registry/catalog.ts';
import type { ComponentDefinition } from '../stage/define-component.ts';
import { BACKENDS, LOCAL_NAME_PATTERN, PIPELINE_NAME_PATTERN } from '../spec/pipeline-spec.ts';

export type JsonSchema = Record<string, unknown>;

export interface PipelineSchemaOptions {
  /** List the registered names in `enum`s, so that editors complete them (validation reports unknown names itself, with hints). */
  enumerateNames?: boolean;
}

/** Plain JSON of a TypeBox schema (its symbol keys dropped), safe to embed and to print. */
export function plainSchema(schema: object): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

const paramsSchemas = new WeakMap<object, JsonSchema>();

/**
 * A definition's parameter schema as plain JSON, with parameters that have a default taken
 * out of `required` at every level (TypeBox lists every non-optional property there; for a
 * user, and for an editor checking the file, a parameter with a default is optional).
 * Memoized per definition, so the compiled validator is cached too.
 */
export function paramsSchema(params: object): JsonSchema {
  let schema = paramsSchemas.get(params);
  if (!schema) {
    schema = withDefaultsOptional(plainSchema(params));
    paramsSchemas.set(params, schema);
  }
  return schema;
}

function withDefaultsOptional(schema: JsonSchema): JsonSchema {
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (properties) {
    for (const property of Object.values(properties)) withDefaultsOptional(property);
    if (Array.isArray(schema['required'])) {
      const required = (schema['required'] as string[]).filter((name) => properties[name]?.['default'] === undefined);
      if (required.length) schema['required'] = required;
      else delete schema['required'];
    }
  }
  if (schema['items'] && typeof schema['items'] === 'object') withDefaultsOptional(schema['items'] as JsonSchema);
  return schema;
}

/** `with:` checked by the schema of whichever definition `use:` names. */
function withByUse(definitions: readonly (StageLike | ComponentDefinition)[]): JsonSchema {
  if (definitions.length === 0) return {};
  const allOf = definitions.map((definition) => ({
    if: { properties: { use: { const: definition.name } }, required: ['use'] },
    then: { properties: { with: paramsSchema(definition.params) } },
  }));
  return { allOf };
}

export function stageSpecSchema(stages: readonly StageLike[], options: PipelineSchemaOptions = {}): JsonSchema {
  return {
    type: 'object',
    description: 'One stage: a registered stage (or group) and its wiring.',
    required: ['use'],
    additionalProperties: false,
    properties: {
      use: useSchema(stages, 'the registered stage or group to run', options),
      from: { type: 'string', pattern: LOCAL_NAME_PATTERN, description: 'the stage whose output this one reads' },
      with: { type: 'object', description: 'the stage parameters' },
      every: { type: 'integer', minimum: 1, description: 'run on every N-th input item only' },
      every_seconds: {
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 31536000,
        description: 'run when another N seconds of training have passed (evaluations and checkpoints do not count)',
      },
      last: {
        type: 'boolean',
        description: 'with `every` or `every_seconds`, also run on the final item (default true)',
      },
      description: { type: 'string' },
    },
    ...withByUse(stages),
  };
}

function componentSpecSchema(
  definitions: readonly ComponentDefinition[],
  what: string,
  options: PipelineSchemaOptions,
): JsonSchema {
  return {
    type: 'object',
    required: ['use'],
    additionalProperties: false,
    properties: {
      use: useSchema(definitions, `the registered ${what}`, options),
      with: { type: 'object', description: `the ${what} parameters` },
      description: { type: 'string' },
    },
    ...withByUse(definitions),
  };
}

function useSchema(
  definitions: readonly { name: string }[],
  description: string,
  options: PipelineSchemaOptions,
): JsonSchema {
  const schema: JsonSchema = { type: 'string', minLength: 1, description };
  if (options.enumerateNames && definitions.length > 0) schema['enum'] = definitions.map((d) => d.name);
  return schema;
}

/** The pipeline file's JSON Schema, assembled from whatever the catalog holds. */
export function pipelineSchema(catalog: Catalog, options: PipelineSchemaOptions = {}): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Granular pipeline',
    type: 'object',
    required: ['name', 'stages'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', pattern: PIPELINE_NAME_PATTERN, description: 'names the run directory: runs/<name>/' },
      description: { type: 'string' },
      extends: { type: 'string', description: 'a pipeline file this one builds on (deep merge; this file wins)' },
      seed: {
        type: 'integer',
        minimum: 0,
        maximum: 4294967295,
        default: 0,
        description: 'every random draw of the run derives from it',
      },
      backend: {
        enum: [...BACKENDS],
        default: 'auto',
        description: 'TensorFlow.js backend; auto tries node, then wasm, then cpu',
      },
      plugins: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'modules that register stages, models, losses or metrics',
      },
      groups: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'stage group files whose groups this pipeline uses',
      },
      models: {
        type: 'object',
        propertyNames: { pattern: LOCAL_NAME_PATTERN },
        additionalProperties: componentSpecSchema(catalog.models.all(), 'model', options),
      },
      stages: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: LOCAL_NAME_PATTERN },
        additionalProperties: stageSpecSchema(catalog.stages.all(), options),
      },
      sweep: {
        type: 'object',
        additionalProperties: false,
        description:
          'runs for `granular sweep`: every combination of the grid values, for each seed (ignored by `granular run`)',
        properties: {
          grid: {
            type: 'object',
            minProperties: 1,
            propertyNames: { pattern: '^[^=\\s]+$' },
            additionalProperties: { type: 'array', minItems: 1 },
            description:
              'dotted paths of the pipeline (as for --set) and the values each takes, e.g. stages.d.with.loss: [hinge, non-saturating]',
          },
          seeds: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'integer', minimum: 0, maximum: 4294967295 },
            description: 'the seeds each configuration runs with (default: the pipeline seed)',
          },
          jobs: { type: 'integer', minimum: 1, description: 'runs at a time, each in its own process (default 1)' },
        },
      },
      engine: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          prefetch: {
            type: 'integer',
            minimum: 1,
            maximum: 64,
            default: 2,
            description: 'items a source may produce ahead of the graph',
          },
          in_flight: {
            type: 'integer',
            minimum: 1,
            maximum: 1024,
            default: 4,
            description: 'items asynchronous stages may hold before sources wait',
          },
        },
      },
    },
  };
}
