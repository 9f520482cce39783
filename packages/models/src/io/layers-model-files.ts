import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * The TF.js layers format on disk: `model.json` (topology and weights manifest) and
 * `weights.bin`, the files `tf.loadLayersModel` reads in tfjs-node (file://), in a browser
 * (http://), and through `directoryHandler` here. Written through our own IO handler, so it
 * needs no tfjs-node.
 */
export async function saveLayersModel(model: tf.LayersModel, directory: string): Promise<void> {
  mkdirSync(directory, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(directory, 'model.json'), JSON.stringify(modelJson));
      writeFileSync(join(directory, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** Reads a model directory written by saveLayersModel (or by tfjs-node's file:// handler). */
export function readModelArtifacts(directory: string): tf.io.ModelArtifacts {
  const modelJson = JSON.parse(readFileSync(join(directory, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    format?: string;
    generatedBy?: string;
  };
  const buffers = modelJson.weightsManifest.flatMap((group) =>
    group.paths.map((path) => readFileSync(join(directory, path))),
  );
  const total = Buffer.concat(buffers);
  return {
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: total.buffer.slice(total.byteOffset, total.byteOffset + total.byteLength),
    ...(modelJson.format ? { format: modelJson.format } : {}),
  };
}

/** An IO handler for `tf.loadLayersModel(directoryHandler(dir))` in plain @tensorflow/tfjs under Node. */
export function directoryHandler(directory: string): tf.io.IOHandler {
  return { load: async () => readModelArtifacts(directory) };
}

/**
 * Puts the weights stored in `directory` into an already built model of the same architecture
 * (synchronously). Weights are matched by position, as saved: tfjs numbers layer names per
 * process (dense_Dense3), so names differ between the run that saved and the one that loads.
 */
export function loadWeightsInto(model: tf.LayersModel, directory: string): void {
  const artifacts = readModelArtifacts(directory);
  const specs = artifacts.weightSpecs!;
  if (specs.length !== model.weights.length)
    throw new Error(
      `the checkpoint in ${directory} holds ${specs.length} weights; the model has ${model.weights.length}`,
    );
  const named = tf.io.decodeWeights(artifacts.weightData!, specs);
  const values = specs.map((spec, i) => {
    const expected = model.weights[i]!.shape;
    if (spec.shape.join('x') !== expected.join('x'))
      throw new Error(
        `weight ${i} of the checkpoint in ${directory} is ${spec.shape.join('×')}; the model's is ${expected.join('×')}`,
      );
    return named[spec.name]!;
  });
  model.setWeights(values);
  tf.dispose(Object.values(named));
}
