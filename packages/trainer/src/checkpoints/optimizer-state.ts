import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { StageContext } from '@granular/core';
import { bundleLayout } from './bundle-layout.ts';

/**
 * Adam keeps β1ᵗ and β2ᵗ as running products; its setWeights recomputes them with pow(),
 * which differs from the product in the last float32 bits. Saving them makes a resumed run
 * bit-identical to an uninterrupted one.
 */
const RUNNING_POWERS = ['accBeta1', 'accBeta2'] as const;
type WithPowers = Partial<Record<(typeof RUNNING_POWERS)[number], tf.Variable>>;

/** Writes an optimizer's state (Adam: iterations, both moments per variable, β powers) as a weights manifest and its bytes. */
async function saveOptimizer(optimizer: tf.Optimizer, directory: string, stage: string): Promise<void> {
  const powers = RUNNING_POWERS.flatMap((name) =>
    (optimizer as WithPowers)[name] ? [{ name: `granular/${name}`, tensor: (optimizer as WithPowers)[name]! }] : [],
  );
  const weights = [...(await optimizer.getWeights()), ...powers];
  const { data, specs } = await tf.io.encodeWeights(weights);
  mkdirSync(bundleLayout.optimizers(directory), { recursive: true });
  writeFileSync(`${bundleLayout.optimizer(directory, stage)}.json`, JSON.stringify(specs));
  writeFileSync(`${bundleLayout.optimizer(directory, stage)}.bin`, new Uint8Array(data));
  // What getWeights made for the occasion (the iteration count; moments read out of TensorFlow), not the optimizer's own variables.
  tf.dispose(weights.map((w) => w.tensor).filter((tensor) => !(tensor instanceof tf.Variable)));
}

/** Gives a stage's optimizer back its state from a checkpoint bundle (if the bundle has one). */
async function restoreOptimizer(optimizer: tf.Optimizer, directory: string, stage: string): Promise<void> {
  if (!existsSync(`${bundleLayout.optimizer(directory, stage)}.json`)) return;
  const specs = JSON.parse(
    readFileSync(`${bundleLayout.optimizer(directory, stage)}.json`, 'utf8'),
  ) as tf.io.WeightsManifestEntry[];
  const bytes = readFileSync(`${bundleLayout.optimizer(directory, stage)}.bin`);
  const named = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs);
  const isPower = (name: string) => name.startsWith('granular/');
  await optimizer.setWeights(
    specs.filter((spec) => !isPower(spec.name)).map((spec) => ({ name: spec.name, tensor: named[spec.name]! })),
  );
  for (const name of RUNNING_POWERS) {
    const saved = named[`granular/${name}`];
    if (saved) (optimizer as WithPowers)[name]?.assign(saved);
  }
  tf.dispose(Object.values(named));
}

/** Registers a train stage's optimizer as state its checkpoints carry (`optimizer:<stage>`), restored on resume. */
export function checkpointOptimizer(context: StageContext, optimizer: tf.Optimizer): void {
  context.checkpointable(`optimizer:${context.stage}`, {
    save: (bundle) => saveOptimizer(optimizer, bundle, context.stage),
    restore: (bundle) => restoreOptimizer(optimizer, bundle, context.stage),
  });
}
