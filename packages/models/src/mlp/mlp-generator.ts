import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { imageShapeParam, outputActivationParam } from '../layers/image-shape.ts';
import { batchNorm, classEmbeddingParam, classesParam, generatorStart } from '../layers/class-conditioning.ts';
import { hiddenInitParam, SeededInitializers } from '../layers/seeded-initializers.ts';
import { hiddenActivation, hiddenActivationParam } from '../layers/hidden-activation.ts';

type Node = tf.SymbolicTensor;

/**
 * The origin's generator: z(100) → 4 × Dense(128, relu) → Dense(h·w·c) → image.
 * Class-conditional (`classes:`): z joined to a class embedding, conditional batch norm.
 */
export const mlpGenerator = defineModel({
  name: 'mlp/generator',
  summary: "The origin's MLP generator: latent → dense layers → image (every width, depth and activation a parameter)",
  params: Type.Object(
    {
      latent: Type.Integer({ minimum: 1, maximum: 65536, default: 100, description: 'size of z' }),
      hidden: Type.Array(Type.Integer({ minimum: 1, maximum: 65536 }), {
        maxItems: 64,
        default: [128, 128, 128, 128],
        description: 'widths of the hidden dense layers',
      }),
      activation: hiddenActivationParam,
      init: hiddenInitParam,
      batch_norm: Type.Boolean({
        default: false,
        description: 'batch normalization before each hidden activation (keeps samples diverse)',
      }),
      shape: imageShapeParam,
      output: outputActivationParam,
      classes: classesParam,
      class_embedding: classEmbeddingParam,
    },
    { additionalProperties: false },
  ),
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const [height, width, channels] = params.shape;
    const { inputs, start, label } = generatorStart(params, init);
    let x: Node = start;
    for (const units of params.hidden) {
      x = tf.layers.dense({ units, kernelInitializer: init.hidden(params.init) }).apply(x) as Node;
      if (params.batch_norm) x = batchNorm(x, label, params.classes, { momentum: 0.9 });
      x = hiddenActivation(params.activation).apply(x) as Node;
    }
    x = tf.layers
      .dense({ units: height * width * channels, activation: params.output, kernelInitializer: init.glorot() })
      .apply(x) as Node;
    const image = tf.layers.reshape({ targetShape: [height, width, channels] }).apply(x) as Node;
    return tf.model({ inputs, outputs: image, name: 'generator' });
  },
});
