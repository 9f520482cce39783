import type { ComponentDefinition, ModelDefinition } from '../stage/define-component.ts';
import type { StageDefinition } from '../stage/define-stage.ts';
import type { GroupDefinition } from '../groups/group-definition.ts';
import { Registry } from './registry.ts';

/** What a package (or a plugin module) provides: each list is registered under its names. */
export interface Contribution {
  stages?: readonly StageDefinition[];
  models?: readonly ModelDefinition[];
  losses?: readonly ComponentDefinition[];
  metrics?: readonly ComponentDefinition[];
  penalties?: readonly ComponentDefinition[];
  /** A folder of pipelines that others may extend by name: `extends: granular:mnist-dcgan`. */
  pipelines?: string;
}

export type StageLike = StageDefinition | GroupDefinition;

/** Every registry a pipeline's names resolve through. */
export interface Catalog {
  stages: Registry<StageLike>;
  models: Registry<ModelDefinition>;
  losses: Registry<ComponentDefinition>;
  metrics: Registry<ComponentDefinition>;
  penalties: Registry<ComponentDefinition>;
  /** Folders of named pipelines (`extends: granular:NAME`), searched in order. */
  pipelineLibraries: string[];
}

export function createCatalog(...contributions: Contribution[]): Catalog {
  const catalog: Catalog = {
    stages: new Registry('stage'),
    models: new Registry('model'),
    losses: new Registry('loss'),
    metrics: new Registry('metric'),
    penalties: new Registry('penalty'),
    pipelineLibraries: [],
  };
  for (const contribution of contributions) addContribution(catalog, contribution);
  return catalog;
}

export function addContribution(catalog: Catalog, contribution: Contribution): void {
  for (const stage of contribution.stages ?? []) catalog.stages.register(stage);
  for (const model of contribution.models ?? []) catalog.models.register(model);
  for (const loss of contribution.losses ?? []) catalog.losses.register(loss);
  for (const metric of contribution.metrics ?? []) catalog.metrics.register(metric);
  for (const penalty of contribution.penalties ?? []) catalog.penalties.register(penalty);
  if (contribution.pipelines) catalog.pipelineLibraries.push(contribution.pipelines);
}

/** A copy that plugins and groups of one pipeline can extend without touching the built-ins. */
export function copyCatalog(catalog: Catalog): Catalog {
  return {
    stages: catalog.stages.copy(),
    models: catalog.models.copy(),
    losses: catalog.losses.copy(),
    metrics: catalog.metrics.copy(),
    penalties: catalog.penalties.copy(),
    pipelineLibraries: [...catalog.pipelineLibraries],
  };
}

/** The kinds of component that stages look up by name (`loss: hinge`, `metrics: [fcd]`, `penalties: [{ use: r1 }]`). */
export type ComponentKind = 'loss' | 'metric' | 'penalty';

export function componentRegistry(catalog: Catalog, kind: ComponentKind): Registry<ComponentDefinition> {
  return kind === 'loss' ? catalog.losses : kind === 'metric' ? catalog.metrics : catalog.penalties;
}
