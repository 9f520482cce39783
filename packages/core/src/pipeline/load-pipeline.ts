import { dirname, resolve } from 'node:path';
import { ErrorList, PipelineError } from '../errors/pipeline-error.ts';
import { formatLocation } from '../errors/source-location.ts';
import { buildGraph } from '../graph/build-graph.ts';
import { expandStages } from '../graph/expand-stages.ts';
import { absoluteInputFolders, checkPaths } from '../graph/check-paths.ts';
import { checkReferences } from '../graph/check-references.ts';
import { dataOrigin } from '../graph/stage-chain.ts';
import { unreadStages } from '../graph/unread-stages.ts';
import type { PipelineGraph } from '../graph/stage-node.ts';
import { loadGroup } from '../groups/group-definition.ts';
import { loadPlugin } from '../plugins/load-plugins.ts';
import { componentRegistry, copyCatalog, type Catalog, type ComponentKind } from '../registry/catalog.ts';
import { compileSchema } from '../schema/ajv-instance.ts';
import { paramsSchema, pipelineSchema } from '../schema/pipeline-schema.ts';
import { schemaErrors } from '../schema/schema-errors.ts';
import { isPlainObject } from '../spec/deep-merge.ts';
import type { PipelineSpec, SweepSpec } from '../spec/pipeline-spec.ts';
import { resolveSources, type PipelineSources } from '../spec/resolve-sources.ts';
import type { ModelDefinition } from '../stage/define-component.ts';
import { canonicalJson, sha256 } from './canonical-json.ts';

export interface LoadOptions {
  /** `--set path=value` texts, applied in order after `extends:`. */
  overrides?: readonly string[];
}

export interface ModelEntry {
  definition: ModelDefinition;
  params: Record<string, unknown>;
}

/** A pipeline that passed every check and is ready to run. */
export interface LoadedPipeline {
  /** The file as named by the user. */
  file: string;
  /** After extends, overrides and defaults; plugin, group and input-folder paths made absolute, so it can be re-run from anywhere. */
  spec: PipelineSpec;
  /** sha256 of the canonical JSON of `spec`. */
  configHash: string;
  catalog: Catalog;
  graph: PipelineGraph;
  models: Map<string, ModelEntry>;
  sources: PipelineSources;
  /** The file's `sweep:` block, kept out of `spec`: a run of the sweep is the pipeline without it. */
  sweep?: SweepSpec;
  /** What is valid but probably not meant, such as a data stage that nothing reads. */
  warnings: PipelineError[];
}

/**
 * Loads, composes and validates a pipeline: YAML syntax, `extends:`, `--set`, plugins and
 * groups, the schema assembled from the catalog, names, edges, cycles and port types. All
 * mistakes found are thrown together as PipelineErrors; nothing of the pipeline runs.
 */
export async function loadPipeline(
  file: string,
  builtins: Catalog,
  options: LoadOptions = {},
): Promise<LoadedPipeline> {
  const sources = resolveSources(file, options.overrides ?? [], builtins.pipelineLibraries);
  const value = sources.value;
  const errors = new ErrorList();
  const catalog = copyCatalog(builtins);
  const absolute = { plugins: [] as string[], groups: [] as string[] };

  for (const list of ['plugins', 'groups'] as const) {
    const entries = value[list];
    if (!Array.isArray(entries)) continue;
    for (const [index, entry] of entries.entries()) {
      if (typeof entry !== 'string') continue; // the schema reports it
      const location = sources.locate([list, index]);
      const path = resolve(sources.baseDirectoryOf([list, index]), entry);
      absolute[list].push(path);
      try {
        if (list === 'plugins') await loadPlugin(entry, sources.baseDirectoryOf([list, index]), catalog, location);
        else catalog.stages.register(loadGroup(path, catalog, location));
      } catch (error) {
        errors.absorb(error);
      }
    }
  }

  const checked = structuredClone(value);
  for (const error of schemaErrors(compileSchema(pipelineSchema(catalog)), checked, sources.locate)) errors.add(error);

  const models = new Map<string, ModelEntry>();
  if (isPlainObject(checked['models'])) {
    for (const [name, entry] of Object.entries(checked['models'])) {
      if (!isPlainObject(entry) || typeof entry['use'] !== 'string') continue;
      const definition = catalog.models.get(entry['use']);
      if (!definition) {
        errors.add({
          location: sources.locate(['models', name, 'use']),
          message: `unknown model '${entry['use']}'`,
          path: `models.${name}.use`,
          hint: catalog.models.hintFor(entry['use']),
        });
      } else {
        const params = structuredClone(isPlainObject(entry['with']) ? entry['with'] : {});
        compileSchema(paramsSchema(definition.params))(params); // fills in defaults; errors were reported above
        models.set(name, { definition, params });
      }
    }
  }

  let graph: PipelineGraph | undefined;
  if (isPlainObject(checked['stages'])) {
    const expansion = expandStages(checked['stages'], sources.locate, catalog);
    const built = buildGraph(expansion.nodes, expansion.groupInstances);
    const references = checkReferences(
      expansion.nodes,
      Object.keys(isPlainObject(checked['models']) ? checked['models'] : {}),
      catalog,
    );
    for (const error of [...expansion.errors, ...built.errors, ...references]) errors.add(error);
    // Stages check their own parameters' meaning only once the schema has accepted them.
    if (errors.size === 0) for (const error of stageChecks(built.graph, models, catalog)) errors.add(error);
    for (const error of checkPaths(built.graph, dirname(resolve(file)))) errors.add(error);
    graph = built.graph;
  }
  throwUnique(errors);

  const { sweep, ...rest } = checked as unknown as PipelineSpec & { sweep?: SweepSpec };
  const spec = rest as PipelineSpec;
  if (absolute.plugins.length) spec.plugins = absolute.plugins;
  if (absolute.groups.length) spec.groups = absolute.groups;
  absoluteInputFolders(
    graph!,
    spec.stages as Record<string, { with?: Record<string, unknown> }>,
    dirname(resolve(file)),
  );
  return {
    file,
    spec,
    configHash: sha256(canonicalJson(spec)),
    catalog,
    graph: graph!,
    models,
    sources,
    ...(sweep ? { sweep } : {}),
    warnings: unreadStages(graph!),
  };
}

/** Runs each stage's own `validate` (models it names, its input type), locating problems under its `with:`. */
function stageChecks(graph: PipelineGraph, models: Map<string, ModelEntry>, catalog: Catalog): PipelineError[] {
  const lookup = <T>(kind: ComponentKind, name: string) => componentRegistry(catalog, kind).get(name) as T | undefined;
  return graph.nodes.flatMap((node) => {
    const inputType = node.from !== undefined ? graph.byId.get(node.from)?.definition.output : undefined;
    const origin = (stage: string) => dataOrigin(graph, stage);
    const problems = node.definition.validate?.(node.params as never, { models, inputType, origin, lookup }) ?? [];
    return problems.map(
      (problem) =>
        new PipelineError({
          location: node.locate(['with', ...problem.path]),
          message: `stage '${node.id}' (${node.use}): ${problem.message}`,
          path: `${node.path}.with${problem.path.length ? `.${problem.path.join('.')}` : ''}`,
          ...(problem.hint ? { hint: problem.hint } : {}),
        }),
    );
  });
}

/** A group used twice reports its mistakes twice, and two schema branches may say the same thing; say each once. */
function throwUnique(errors: ErrorList): void {
  const seen = new Set<string>();
  const unique = new ErrorList();
  for (const error of errors.items) {
    const key = `${formatLocation(error.location)} ${error.message}`;
    if (!seen.has(key)) unique.add(error);
    seen.add(key);
  }
  unique.throwIfAny();
}
