/** @granular/cli: the granular command, and the reference step timer that bench/ shares with granular doctor. */
export { main } from './main.ts';
export { builtinCatalog } from './builtin-catalog.ts';
export { FAMILIES, median, parameterCount, timeSteps, type Family } from './doctor/step-timer.ts';
