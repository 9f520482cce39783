// Why a generator collapses: at initialisation and at every checkpoint of a run, G's hidden units that never fire
// (dead ReLUs: zero for every one of 1,000 seeded z) per hidden layer, how much G's output
// varies with z (mean over pixels of the standard deviation across z, in the image's range),
// and D's mean logit on those samples.
//   npm run bench -- origin-diagnosis RUN_DIR [RUN_DIR…]
import * as tf from '@tensorflow/tfjs';
import { RunContext } from '@granular/core';
import { loadWeightsInto } from '@granular/models';
import { listBundles, verifyBundle } from '@granular/trainer';
import { loadPipeline } from '@granular/core';
import { builtinCatalog } from '@granular/cli';
import { join } from 'node:path';
import { selectBackend } from '@granular/ops';

await selectBackend('auto');
const Z = 1000;

function buildModel(loaded: Awaited<ReturnType<typeof loadPipeline>>, name: string): tf.LayersModel {
  const factory = loaded.models.get(name)!;
  return factory.definition.create(
    factory.params as never,
    RunContext.standalone({ seed: loaded.spec.seed }).forStage(`models.${name}`),
  ) as tf.LayersModel;
}

for (const run of process.argv.slice(2)) {
  const loaded = await loadPipeline(join(run, 'pipeline.yaml'), builtinCatalog());
  const G = buildModel(loaded, 'G');
  const D = buildModel(loaded, 'D');
  const latent = G.inputs[0]!.shape[1]!;
  // Every layer that applies a (leaky) ReLU: its output tells which units fire.
  const hidden = G.layers.filter(
    (layer) =>
      /relu/i.test(layer.getClassName()) || (layer.getConfig() as { activation?: string }).activation === 'relu',
  );
  const probe = tf.model({
    inputs: G.inputs,
    outputs: [...hidden.map((layer) => layer.output as tf.SymbolicTensor), G.outputs[0]!],
  });
  console.log(`\n${run} (${loaded.spec.name}): ${hidden.length} hidden activation layers`);
  console.log(
    '| step | dead units per hidden layer (of its width) | pixel std across z | D(G(z)) mean logit |\n|---:|---|---:|---:|',
  );
  const z = tf.randomNormal([Z, latent], 0, 1, 'float32', 7);
  // Step 0: the models as the pipeline's seed creates them, then every checkpoint.
  for (const bundle of [undefined, ...listBundles(run).reverse()]) {
    const step = bundle ? verifyBundle(bundle).step : 0;
    if (bundle) {
      loadWeightsInto(G, join(bundle, 'models', 'G'));
      loadWeightsInto(D, join(bundle, 'models', 'D'));
    }
    const [dead, spread, logit] = tf.tidy(() => {
      const outputs = probe.predict(z) as tf.Tensor[];
      const images = outputs.pop()!;
      const deadCounts = outputs.map((activation) => {
        const flat = activation.reshape([Z, -1]);
        const firing = tf.greater(flat.max(0), 0);
        return `${flat.shape[1]! - (tf.sum(tf.cast(firing, 'int32')).arraySync() as number)}/${flat.shape[1]}`;
      });
      const std = tf
        .moments(images.reshape([Z, -1]), 0)
        .variance.sqrt()
        .mean()
        .arraySync() as number;
      const judged = D.predict(images) as tf.Tensor;
      return [deadCounts, std, judged.mean().arraySync() as number] as const;
    });
    console.log(`| ${step} | ${dead.join(' · ')} | ${spread.toFixed(4)} | ${logit.toFixed(2)} |`);
  }
  z.dispose();
}
