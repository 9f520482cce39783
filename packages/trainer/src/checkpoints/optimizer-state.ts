import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { StageContext } from '@granular/core';

/** File stem of an optimizer's state inside a checkpoint: `optimizers/<stage>`. */
function stem(directory: string, stage: string): string {
  return join(directory, 'optimizers', stage.replace(/[^A-Za-z0-9_-]/g, '_'));
}

/** Writes an optimizer's state (Adam: iterations and both moments per variable) as a weights manifest and its bytes. */
export async function saveOptimizer(optimizer: tf.Optimizer, directory: string, stage: string): Promise<void> {
  const weights = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(weights);
  mkdirSync(join(directory, 'optimizers'), { recursive: true });
  writeFileSync(`${stem(directory, stage)}.json`, JSON.stringify(specs));
  writeFileSync(`${stem(directory, stage)}.bin`, new Uint8Array(data));
  tf.dispose(weights.filter((w) => w.name === 'iter').map((w) => w.tensor));
}

/** On resume, gives the stage's optimizer back its state from the checkpoint (if it has one). */
export async function restoreOptimizer(context: StageContext, optimizer: tf.Optimizer): Promise<void> {
  const directory = context.run.resumeFrom;
  if (!directory || !existsSync(`${stem(directory, context.stage)}.json`)) return;
  const specs = JSON.parse(readFileSync(`${stem(directory, context.stage)}.json`, 'utf8')) as tf.io.WeightsManifestEntry[];
  const bytes = readFileSync(`${stem(directory, context.stage)}.bin`);
  const named = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs);
  await optimizer.setWeights(specs.map((spec) => ({ name: spec.name, tensor: named[spec.name]! })));
  tf.dispose(Object.values(named));
}
