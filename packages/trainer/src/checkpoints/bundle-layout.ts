import { join } from 'node:path';

/**
 * Where each thing lives inside a checkpoint bundle (`checkpoints/step-000200/`): the one module
 * that spells it. Everything that writes or reads a bundle's files goes through these.
 */
export const bundleLayout = {
  /** `models/`: one folder per model (model.json, weights.bin). */
  models: (bundle: string): string => join(bundle, 'models'),
  model: (bundle: string, name: string): string => join(bundle, 'models', name),
  /** The moving average of a model that a train/ema stage keeps: `models/<name>.ema`. */
  movingAverage: (bundle: string, name: string): string => join(bundle, 'models', `${name}.ema`),
  /** `optimizers/`: `<stage>.json` (the weight specs) and `<stage>.bin` per train stage. */
  optimizers: (bundle: string): string => join(bundle, 'optimizers'),
  /** The file stem of a stage's optimizer state (its id made safe for a file name). */
  optimizer: (bundle: string, stage: string): string =>
    join(bundle, 'optimizers', stage.replace(/[^A-Za-z0-9_-]/g, '_')),
  /** Small state a stage keeps besides models and optimizers (the adaptive augmentation probability): `stages/<stage>.json`. */
  stageState: (bundle: string, stage: string): string =>
    join(bundle, 'stages', `${stage.replace(/[^A-Za-z0-9_-]/g, '_')}.json`),
  /** What the bundle is (step, configuration hash, bounds…): written before the checksums. */
  state: (bundle: string): string => join(bundle, 'state.json'),
  /** sha256 of every other file: written last, so a bundle without it is unfinished. */
  checksums: (bundle: string): string => join(bundle, 'checksums.json'),
};
