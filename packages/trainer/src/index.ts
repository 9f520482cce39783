/**
 * @granular/trainer: the alternating updates (D step with G fixed, G step with D fixed),
 * checkpoints and resuming.
 */
import type { Contribution } from '@granular/core';
import { checkpoint } from './stages/checkpoint.ts';
import { dStep } from './stages/d-step.ts';
import { gStep } from './stages/g-step.ts';
import { ema } from './stages/ema.ts';
import { classifyStep } from './stages/classify-step.ts';

export { STEP_REPORT_PORT, type StepReport } from './training/step-report.ts';
export { realInputs } from './training/scales.ts';
export {
  writeBundle,
  verifyBundle,
  listBundles,
  latestGoodBundle,
  bundleName,
  removeUnfinishedBundles,
  type CheckpointState,
} from './checkpoints/checkpoint-bundle.ts';
export { bundleLayout } from './checkpoints/bundle-layout.ts';

export const contribution: Contribution = { stages: [dStep, gStep, ema, checkpoint, classifyStep] };
