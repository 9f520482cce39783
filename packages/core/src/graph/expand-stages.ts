import { didYouMean } from '../errors/did-you-mean.ts';
import { PipelineError } from '../errors/pipeline-error.ts';
import { INPUT_REFERENCE, isGroup, type GroupDefinition } from '../groups/group-definition.ts';
import { substituteParams } from '../groups/substitute-params.ts';
import type { Catalog, StageLike } from '../registry/catalog.ts';
import { compileSchema } from '../schema/ajv-instance.ts';
import { paramsSchema } from '../schema/pipeline-schema.ts';
import { formatPath, schemaErrors, type Locate } from '../schema/schema-errors.ts';
import { REF_KEYWORD } from '../stage/registry-ref.ts';
import { isPlainObject } from '../spec/deep-merge.ts';
import type { StageSpec } from '../spec/pipeline-spec.ts';
import type { SourceLocation } from '../errors/source-location.ts';
import type { PathSegment } from '../yaml/yaml-locator.ts';
import type { StageNode } from './stage-node.ts';

/** The stages of one pipeline or group instance, and what they may refer to. */
interface Scope {
  prefix: string;
  specs: Record<string, unknown>;
  /** Path of the `stages:` mapping in the document `locate` reads. */
  specsPath: PathSegment[];
  locate: Locate;
  /** Node id that `$input` stands for, inside a group instance. */
  inputId?: string;
  /** Inside a group instance: whether the group declares an input, and where the instance's `from:` is written. */
  group?: { hasInput: boolean; fromLocation: SourceLocation };
  groups: string[];
  /** Stage params of the pipeline file itself were checked by the pipeline schema already. */
  paramsChecked: boolean;
}

export interface Expansion {
  nodes: StageNode[];
  /** Edges whose ports must match: the reading node, the id it reads, where `from:` is written. */
  errors: PipelineError[];
  groupInstances: Map<string, string>;
}

const MAX_GROUP_DEPTH = 8;
/** Groups that use other groups several times multiply: past this many stages, expansion stops. */
export const MAX_STAGES = 5000;

/** Expands group instances into their stages and resolves every `from:` to a node id. */
export function expandStages(specs: Record<string, unknown>, locate: Locate, catalog: Catalog): Expansion {
  const expansion: Expansion = { nodes: [], errors: [], groupInstances: new Map() };
  expandScope(
    { prefix: '', specs, specsPath: ['stages'], locate, groups: [], paramsChecked: true },
    catalog,
    expansion,
  );
  return expansion;
}

function expandScope(scope: Scope, catalog: Catalog, out: Expansion): void {
  const entries = Object.entries(scope.specs).filter(
    (entry): entry is [string, StageSpec] => isPlainObject(entry[1]) && typeof entry[1]['use'] === 'string',
  );
  const definitions = new Map<string, StageLike>();
  for (const [name, spec] of entries) {
    const definition = catalog.stages.get(spec.use);
    if (definition) definitions.set(name, definition);
    else {
      out.errors.push(
        new PipelineError({
          location: scope.locate([...scope.specsPath, name, 'use']),
          message: `unknown stage '${spec.use}'`,
          path: formatPath([...scope.specsPath, name, 'use']),
          hint: catalog.stages.hintFor(spec.use),
        }),
      );
    }
  }
  const outputIdOf = (name: string): string => {
    const definition = definitions.get(name);
    if (definition && isGroup(definition) && definition.outputStage)
      return `${scope.prefix}${name}/${innerOutputId(definition, catalog, 0)}`;
    return `${scope.prefix}${name}`;
  };

  for (const [name, spec] of entries) {
    const definition = definitions.get(name);
    const id = `${scope.prefix}${name}`;
    const at = (path: readonly PathSegment[], options?: { key?: boolean }) =>
      scope.locate([...scope.specsPath, name, ...path], options);
    const from = resolveFrom(spec, scope, name, outputIdOf, out, at);
    if (!definition) continue;
    if (spec.every !== undefined && spec.every_seconds !== undefined) {
      out.errors.push(
        new PipelineError({
          location: at(['every_seconds']),
          message: `stage '${id}' has both every and every_seconds`,
          path: formatPath([...scope.specsPath, name, 'every_seconds']),
          hint: 'schedule a stage by steps (every: N) or by training time (every_seconds: S), not both',
        }),
      );
      continue;
    }
    if (!checkInputPresence(definition, spec, id, formatPath([...scope.specsPath, name]), from, at, out)) continue;
    const { params, valid } = validatedParams(
      definition,
      spec.with ?? {},
      [...scope.specsPath, name, 'with'],
      scope,
      out,
    );
    if (isGroup(definition)) {
      if (!valid) continue; // its parameters are wrong; expanding would only repeat that in the group's terms
      if (scope.groups.length >= MAX_GROUP_DEPTH) {
        out.errors.push(
          new PipelineError({
            location: at(['use']),
            message: `groups are nested more than ${MAX_GROUP_DEPTH} deep`,
            hint: 'does a group use itself?',
          }),
        );
        continue;
      }
      if (out.nodes.length >= MAX_STAGES) {
        if (!out.errors.some((error) => error.message.startsWith('the pipeline expands to more than'))) {
          out.errors.push(
            new PipelineError({
              location: at(['use']),
              message: `the pipeline expands to more than ${MAX_STAGES} stages`,
              hint: 'does a group use itself, or use groups that use it, several times?',
            }),
          );
        }
        continue;
      }
      out.groupInstances.set(id, definition.name);
      expandGroup(definition, id, params, from, scope, catalog, out);
      continue;
    }
    out.nodes.push({
      id,
      use: spec.use,
      definition,
      ...(from !== undefined ? { from } : {}),
      params: resolveStageReferences(definition, params, scope, outputIdOf),
      ...(spec.every !== undefined ? { every: spec.every } : {}),
      ...(spec.every_seconds !== undefined ? { everySeconds: spec.every_seconds } : {}),
      last: spec.last ?? true,
      groups: scope.groups,
      location: at([], { key: true }),
      locate: at,
      path: formatPath([...scope.specsPath, name]),
      ...(spec.from === INPUT_REFERENCE && scope.group ? { inputVia: scope.group.fromLocation } : {}),
    });
  }
}

function innerOutputId(group: GroupDefinition, catalog: Catalog, depth: number): string {
  const name = group.outputStage!;
  const inner = catalog.stages.get(group.stages[name]?.use ?? '');
  if (inner && isGroup(inner) && inner.outputStage && depth < MAX_GROUP_DEPTH)
    return `${name}/${innerOutputId(inner, catalog, depth + 1)}`;
  return name;
}

function resolveFrom(
  spec: StageSpec,
  scope: Scope,
  name: string,
  outputIdOf: (name: string) => string,
  out: Expansion,
  at: Locate,
): string | undefined {
  if (spec.from === undefined) return undefined;
  if (typeof spec.from !== 'string') {
    out.errors.push(
      new PipelineError({
        location: at(['from']),
        message: `stage '${scope.prefix}${name}': from must be the name of one stage, not ${Array.isArray(spec.from) ? 'a list' : `a ${typeof spec.from}`}`,
        path: formatPath([...scope.specsPath, name, 'from']),
        hint: 'a stage reads one input: from: batches',
      }),
    );
    return undefined;
  }
  if (spec.from === INPUT_REFERENCE && scope.group) {
    if (scope.group.hasInput) return scope.inputId;
    out.errors.push(
      new PipelineError({
        location: at(['from']),
        message: `stage '${scope.prefix}${name}' reads $input, but the group declares no input`,
        path: formatPath([...scope.specsPath, name, 'from']),
        hint: 'add `input: <port type>` to the group file',
      }),
    );
    return undefined;
  }
  if (spec.from === name) {
    out.errors.push(
      new PipelineError({
        location: at(['from']),
        message: `stage '${scope.prefix}${name}' reads its own output`,
        path: formatPath([...scope.specsPath, name, 'from']),
        hint: 'a stage reads the output of another stage',
      }),
    );
    return undefined;
  }
  if (!(spec.from in scope.specs)) {
    const known = Object.keys(scope.specs).filter((other) => other !== name);
    out.errors.push(
      new PipelineError({
        location: at(['from']),
        message: `stage '${scope.prefix}${name}' reads from '${spec.from}', which is not a stage${scope.prefix ? ' of this group' : ''}`,
        path: formatPath([...scope.specsPath, name, 'from']),
        hint: didYouMean(
          spec.from,
          scope.group ? [...known, INPUT_REFERENCE] : known,
          `stages here: ${known.join(', ') || '(none)'}`,
        ),
      }),
    );
    return undefined;
  }
  return outputIdOf(spec.from);
}

function checkInputPresence(
  definition: StageLike,
  spec: StageSpec,
  id: string,
  path: string,
  from: string | undefined,
  at: Locate,
  out: Expansion,
): boolean {
  if (definition.input === undefined && spec.from !== undefined) {
    out.errors.push(
      new PipelineError({
        location: at(['from']),
        message: `stage '${id}' (${definition.name}) is a source and reads no input`,
        path: `${path}.from`,
        hint: 'remove `from:`, or use a stage that takes an input',
      }),
    );
    return false;
  }
  if (definition.input !== undefined && spec.from === undefined) {
    out.errors.push(
      new PipelineError({
        location: at([], { key: true }),
        message: `stage '${id}' (${definition.name}) needs an input of type ${definition.input}`,
        path: `${path}.from`,
        hint: 'add `from: <stage>` naming the stage whose output it reads',
      }),
    );
    return false;
  }
  return from !== undefined || definition.input === undefined;
}

/**
 * Side inputs (`data: test`) name stages as `from:` does: a stage of the same scope by its
 * name, a group instance by its name (meaning the group's output stage). Names that are not in
 * the scope stay as written: full node ids such as `test/padded` still work.
 */
function resolveStageReferences(
  definition: StageLike,
  params: Record<string, unknown>,
  scope: Scope,
  outputIdOf: (name: string) => string,
): Record<string, unknown> {
  const properties = (paramsSchema(definition.params)['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const resolved = { ...params };
  for (const [key, schema] of Object.entries(properties)) {
    const value = params[key];
    if (schema[REF_KEYWORD] === 'stage' && typeof value === 'string' && isPlainObject(scope.specs[value]))
      resolved[key] = outputIdOf(value);
  }
  return resolved;
}

function validatedParams(
  definition: StageLike,
  raw: unknown,
  path: PathSegment[],
  scope: Scope,
  out: Expansion,
): { params: Record<string, unknown>; valid: boolean } {
  const params = structuredClone(isPlainObject(raw) ? raw : {});
  const errors = schemaErrors(compileSchema(paramsSchema(definition.params)), params, scope.locate, path);
  if (!scope.paramsChecked) out.errors.push(...errors);
  return { params, valid: errors.length === 0 };
}

function expandGroup(
  group: GroupDefinition,
  id: string,
  params: Record<string, unknown>,
  from: string | undefined,
  outer: Scope,
  catalog: Catalog,
  out: Expansion,
): void {
  const errors: PipelineError[] = [];
  const specs = substituteParams(group.stages, params, group.file.locate, ['stages'], errors) as Record<
    string,
    unknown
  >;
  out.errors.push(...errors);
  expandScope(
    {
      prefix: `${id}/`,
      specs,
      specsPath: ['stages'],
      locate: group.file.locate,
      ...(from !== undefined ? { inputId: from } : {}),
      group: {
        hasInput: group.input !== undefined,
        fromLocation: outer.locate([...outer.specsPath, id.slice(outer.prefix.length), 'from']),
      },
      groups: [...outer.groups, id],
      paramsChecked: false,
    },
    catalog,
    out,
  );
}
