import { contribution as core, createCatalog, type Catalog } from '@granular/core';
import { contribution as data } from '@granular/data';
import { contribution as evaluation } from '@granular/evaluation';
import { contribution as losses } from '@granular/losses';
import { contribution as models } from '@granular/models';
import { contribution as ops } from '@granular/ops';
import { contribution as trainer } from '@granular/trainer';
import { shippedPipelinesDirectory } from './shipped-pipelines.ts';

/** Every stage, model, loss and metric that ships with Granular, and its pipelines (to extend by name). */
export function builtinCatalog(): Catalog {
  return createCatalog(core, ops, data, models, losses, trainer, evaluation, {
    pipelines: shippedPipelinesDirectory(),
  });
}

/** Packages whose versions a run's manifest records. */
export const RECORDED_PACKAGES = [
  '@granular/core',
  '@granular/ops',
  '@granular/data',
  '@granular/models',
  '@granular/losses',
  '@granular/trainer',
  '@granular/evaluation',
  '@granular/cli',
  'rxjs',
  'yaml',
  'ajv',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-backend-wasm',
];
