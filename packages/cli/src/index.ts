/** @granular/cli: the granular command, and the reference step timer that bench/ shares with granular doctor. */
export { main } from './main.ts';
export { builtinCatalog } from './builtin-catalog.ts';
export { forwardFlops, median, parameterCount, stepFlops, timeSteps, type Family } from './doctor/step-timer.ts';
export { pipelineBatchSize, pipelineFamily } from './doctor/pipeline-family.ts';
export { referenceFamily, REFERENCE_FAMILIES, LARGE_REFERENCE_FAMILIES } from './doctor/reference-families.ts';
export { fuzzPipelines, type FuzzReport } from './fuzz/fuzz-pipelines.ts';
export { compareRunOutputs } from './repro/compare-run-outputs.ts';
