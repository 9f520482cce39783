import * as tf from '@tensorflow/tfjs';
import { batchNormTraining, hasBatchNormTraining } from '@granular/ops';

/** The fields of tfjs-layers' BatchNormalization this layer reads (they are not public in its types). */
interface BatchNormalizationFields {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

type LayerConstructor = new (config?: object) => tf.layers.Layer;

// tfjs does not export the class itself, only a factory; its instances carry the constructor.
const TfjsBatchNormalization = tf.layers.batchNormalization({}).constructor as LayerConstructor;

/**
 * tfjs-layers' BatchNormalization, trained through @granular/ops's batch-norm kernel (one
 * kernel forward and one backward instead of about thirty element-wise ops; TensorFlow's fused
 * batch norm on tfjs-node). Inference, configuration, weights and the class name are tfjs's,
 * so saved models load anywhere as a plain BatchNormalization (the exported browser page
 * included). Where the kernel is missing (another backend, an axis other than the last) it
 * runs tfjs's own path.
 */
export class BatchNormalization extends TfjsBatchNormalization {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const layer = this as unknown as BatchNormalizationFields;
    const lastAxis = layer.axis === -1 || layer.axis === x.rank - 1;
    if (kwargs['training'] !== true || !lastAxis || !hasBatchNormTraining()) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      // Without its own scale or centre (conditional batch norm adds a per-class one after it), 1 and 0.
      const channels = x.shape.at(-1)!;
      const { y, mean, variance } = batchNormTraining(
        x,
        (layer.gamma?.read() ?? tf.ones([channels])) as tf.Tensor1D,
        (layer.beta?.read() ?? tf.zeros([channels])) as tf.Tensor1D,
        layer.epsilon,
      );
      // The running averages exactly as tfjs-layers updates them: v ← v − (v − batch)·(1 − momentum).
      for (const [variable, batch] of [
        [layer.movingMean, mean],
        [layer.movingVariance, variance],
      ] as const) {
        tf.tidy(() => {
          const current = variable.read();
          variable.write(tf.sub(current, tf.mul(tf.sub(current, batch), 1 - layer.momentum)));
        });
      }
      return y;
    });
  }
}
