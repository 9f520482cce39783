/**
 * @granular/core: pipeline files, validation, the stage registry and the RxJS executor.
 * Everything else in Granular registers into what this package defines.
 */
import type { Contribution } from './registry/catalog.ts';
import { toyStages } from './toy-stages/index.ts';

export { PipelineError, PipelineErrors, ErrorList, formatUserError } from './errors/pipeline-error.ts';
export { assertRunDirectoryFree, LOCK_FILE } from './run/run-lock.ts';
export { terminalSafe } from './errors/terminal-safe.ts';
export { formatLocation, type SourceLocation } from './errors/source-location.ts';
export { UserError, type UserErrorDetails } from './errors/user-error.ts';
export { sharedKey, type Checkpointable, type SharedKey } from './run/run-state.ts';
export { didYouMean, closestNames } from './errors/did-you-mean.ts';
export { readYamlFile, parseYamlText, type YamlFile } from './yaml/yaml-file.ts';
export {
  defineStage,
  isStageSource,
  isStageExpansion,
  type StageDefinition,
  type StageSource,
  type StageExpansion,
  type StageBehaviour,
  type StageProblem,
  type StageValidationContext,
} from './stage/define-stage.ts';
export { defineModel, type ModelDefinition, type ComponentDefinition } from './stage/define-component.ts';
export {
  definePort,
  eitherPort,
  toPort,
  portAccepts,
  ANY_PORT,
  NONE_PORT,
  NUMBER_PORT,
  TEXT_PORT,
  type Port,
} from './stage/port-types.ts';
export { registryRef, REF_KEYWORD, type RefKind } from './stage/registry-ref.ts';
export { inputFolderParam, outputFileParam, RUN_RECORDS } from './stage/path-params.ts';
export { Registry } from './registry/registry.ts';
export {
  createCatalog,
  addContribution,
  copyCatalog,
  componentRegistry,
  type Catalog,
  type ComponentKind,
  type Contribution,
  type StageLike,
} from './registry/catalog.ts';
export { isGroup, type GroupDefinition } from './groups/group-definition.ts';
export { pipelineSchema, plainSchema, paramsSchema, type JsonSchema } from './schema/pipeline-schema.ts';
export { formatPath } from './schema/schema-errors.ts';
export { checkValue } from './schema/ajv-instance.ts';
export { componentParameters } from './stage/component-parameters.ts';
export type { PipelineSpec, StageSpec, Backend, SweepSpec } from './spec/pipeline-spec.ts';
export { BACKENDS } from './spec/pipeline-spec.ts';
export type { PipelineGraph, StageNode } from './graph/stage-node.ts';
export { sideInputEdges } from './graph/check-references.ts';
export { stageChain, dataOrigin, type DataOrigin } from './graph/stage-chain.ts';
export { loadPipeline, type LoadedPipeline, type LoadOptions } from './pipeline/load-pipeline.ts';
export { runPipeline, type RunOptions, type RunResult } from './pipeline/run-pipeline.ts';
export { canonicalJson, sha256 } from './pipeline/canonical-json.ts';
export { executeGraph, type ExecuteSettings, type ExecutionStatus } from './execute/execute-graph.ts';
export { StageFailure } from './execute/stage-failure.ts';
export { stageOutput } from './execute/stage-output.ts';
export { mapAwait, mapExclusive } from './execute/map-await.ts';
export { mapScoped } from './execute/map-scoped.ts';
export { disposeItem } from './execute/prefetch.ts';
export { everyNth } from './execute/every-nth.ts';
export { RunContext, type ModelFactory } from './run/run-context.ts';
export type { StageContext, RunInfo } from './run/stage-context.ts';
export { Random } from './run/random.ts';
export { EventLog, type RunEvent } from './run/event-log.ts';
export { resolvedPipelineText } from './pipeline/resolved-pipeline.ts';
export type { RunManifest, RunStatus } from './run/manifest.ts';
export { writeFileAtomic } from './run/atomic-write.ts';
export { compactUtcTime, freePath } from './run/run-directory.ts';
export { installedVersion, installedVersions } from './run/package-versions.ts';

/** What this package registers: the toy stages that exercise the engine. */
export const contribution: Contribution = { stages: toyStages };
