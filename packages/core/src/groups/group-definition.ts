import { ErrorList } from '../errors/pipeline-error.ts';
import type { Catalog } from '../registry/catalog.ts';
import { compileSchema, tryCompileSchema } from '../schema/ajv-instance.ts';
import type { JsonSchema } from '../schema/pipeline-schema.ts';
import { schemaErrors } from '../schema/schema-errors.ts';
import { LOCAL_NAME_PATTERN, type StageSpec } from '../spec/pipeline-spec.ts';
import { NONE_PORT, toPort, type Port } from '../stage/port-types.ts';
import { readYamlFile, type YamlFile } from '../yaml/yaml-file.ts';
import type { SourceLocation } from '../errors/source-location.ts';

/**
 * A stage group: stages defined once in a YAML file, with declared parameters, one input and
 * one output, used in pipelines like any stage (`use: <group name>`). Expanded into its
 * stages when the graph is built; its parameters are substituted as `${name}`.
 */
export interface GroupDefinition {
  readonly kind: 'group';
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  /** JSON Schema of the group's `with:` (an object schema built from `params:`). */
  readonly params: JsonSchema;
  readonly input?: Port;
  readonly output: Port;
  /** The inner stage whose output is the group's output (absent for a group that ends in sinks). */
  readonly outputStage?: string;
  readonly stages: Record<string, StageSpec>;
  readonly file: YamlFile;
  readonly example: string;
}

export const GROUP_NAME_PATTERN = '^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$';
export const INPUT_REFERENCE = '$input';

const groupFileSchema = {
  type: 'object',
  required: ['group', 'summary', 'stages'],
  additionalProperties: false,
  properties: {
    group: {
      type: 'string',
      pattern: GROUP_NAME_PATTERN,
      description: 'the name pipelines `use:`, such as prep/mnist',
    },
    summary: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    params: { type: 'object', additionalProperties: { type: 'object' }, description: 'parameter name → JSON Schema' },
    input: { type: 'string', minLength: 1, description: 'the port type the group reads; omit for a source group' },
    output: {
      type: 'string',
      pattern: LOCAL_NAME_PATTERN,
      description: 'the inner stage whose output the group emits',
    },
    stages: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: LOCAL_NAME_PATTERN },
      additionalProperties: {
        type: 'object',
        required: ['use'],
        additionalProperties: false,
        properties: {
          use: { type: 'string', minLength: 1 },
          from: { type: 'string', minLength: 1, description: 'an inner stage, or $input' },
          with: { type: 'object' },
          every: { type: 'integer', minimum: 1 },
          every_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 31536000 },
          last: { type: 'boolean' },
          description: { type: 'string' },
        },
      },
    },
  },
} as const;

/** Reads and checks a group file against the catalog as it stands (plugins, built-ins and earlier groups). */
export function loadGroup(path: string, catalog: Catalog, reference: SourceLocation): GroupDefinition {
  const file = readYamlFile(path, 'stage group', reference);
  const errors = new ErrorList();
  for (const error of schemaErrors(compileSchema(groupFileSchema), file.value, file.locate)) errors.add(error);
  errors.throwIfAny();
  const value = file.value as {
    group: string;
    summary: string;
    description?: string;
    params?: Record<string, JsonSchema>;
    input?: string;
    output?: string;
    stages: Record<string, StageSpec>;
  };

  const properties = value.params ?? {};
  const params: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    properties,
    required: Object.entries(properties)
      .filter(([, schema]) => !('default' in schema))
      .map(([name]) => name),
  };
  const regex = regularExpressionAt(properties);
  if (regex) {
    errors.add({
      location: file.locate(['params', ...regex]),
      message: `${regex.at(-1)} is not allowed in group parameters`,
      path: ['params', ...regex].join('.'),
      hint: 'a regular expression from a file can make validation run for hours (^(a+)+$); use enum, or minLength and maxLength',
    });
  }
  const compiled = tryCompileSchema(params);
  if (typeof compiled === 'string') {
    errors.add({
      location: file.locate(['params']),
      message: `params is not a valid JSON Schema: ${compiled}`,
      path: 'params',
    });
  }

  let output: Port = NONE_PORT;
  if (value.output !== undefined) {
    const inner = value.stages[value.output];
    if (!inner) {
      errors.add({
        location: file.locate(['output']),
        message: `output names '${value.output}', which is not a stage of this group`,
        path: 'output',
        hint: `the group's stages are ${Object.keys(value.stages).join(', ')}`,
      });
    } else {
      const definition = catalog.stages.get(inner.use);
      if (definition) output = definition.output;
      // An unknown `use` is reported where the group is expanded, with the other inner errors.
    }
  }
  if (catalog.stages.has(value.group)) {
    errors.add({
      location: file.locate(['group']),
      message: `a stage named '${value.group}' is already registered`,
      path: 'group',
      hint: 'give the group a name of its own, such as my-area/my-group',
    });
  }
  errors.throwIfAny();
  return {
    kind: 'group',
    name: value.group,
    summary: value.summary,
    ...(value.description !== undefined ? { description: value.description } : {}),
    params,
    ...(value.input !== undefined ? { input: toPort(value.input) } : {}),
    output,
    ...(value.output !== undefined ? { outputStage: value.output } : {}),
    stages: value.stages,
    file,
    example: `# see ${file.displayName}`,
  };
}

export function isGroup(definition: { kind: string }): definition is GroupDefinition {
  return definition.kind === 'group';
}

/** The path of the first `pattern` or `patternProperties` keyword in parameter schemas, or undefined. */
function regularExpressionAt(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'pattern' || key === 'patternProperties') return [...path, key];
    const found = regularExpressionAt(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
