import * as tf from '@tensorflow/tfjs';
// The pyramid and pixel-norm modules alone (not the package index, which brings backends and PNG encoding), so these layers also load in a browser.
import { halve, repeat2x } from '@granular/ops/pyramids';
import { pixelNorm } from '@granular/ops/normalization';

type Shape = (number | null)[];

/**
 * Layers Granular's models need that tfjs lacks, or has only in a form without second
 * derivatives (gradient penalties and R1 differentiate D's gradient): nearest upsampling by
 * broadcasting and 2×2 mean downsampling by reshape and mean (tfjs 4.22's resize* and avgPool
 * have no second derivative, resizeNearestNeighbor's gradient is wrong on cpu for batches, and
 * tile has no gradient beyond rank 4), a leaky ReLU layer whose gradient has a second
 * derivative, and ProGAN's pixel norm and minibatch standard deviation.
 * Each is registered for serialization, so saved models load with tf.loadLayersModel once
 * this module is imported.
 */

/** Each pixel repeated 2 × 2. */
export class NearestUpsample extends tf.layers.Layer {
  static className = 'GranularNearestUpsample';
  override computeOutputShape(shape: Shape): Shape {
    return [shape[0]!, shape[1]! * 2, shape[2]! * 2, shape[3]!];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return repeat2x((Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D);
  }
}

/** 2 × 2 average pooling. */
export class MeanDownsample extends tf.layers.Layer {
  static className = 'GranularMeanDownsample';
  override computeOutputShape(shape: Shape): Shape {
    return [shape[0]!, shape[1]! / 2, shape[2]! / 2, shape[3]!];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return halve((Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D);
  }
}

/**
 * Leaky ReLU. tfjs's own gradient of tf.leakyRelu has no second derivative; @granular/ops
 * registers one that does (and is one TensorFlow op on tfjs-node) when a backend is selected.
 * The class name stays, so saved models keep loading.
 */
export class LeakyReLU extends tf.layers.Layer {
  static className = 'GranularLeakyReLU';
  readonly alpha: number;
  constructor(config: { alpha?: number; name?: string } = {}) {
    super(config);
    this.alpha = config.alpha ?? 0.2;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.leakyRelu(x, this.alpha);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** Pixel norm (Karras et al. 2018): each pixel's feature vector scaled to unit mean square. */
export class PixelNorm extends tf.layers.Layer {
  static className = 'GranularPixelNorm';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return pixelNorm(Array.isArray(inputs) ? inputs[0]! : inputs);
  }
}

/** Minibatch standard deviation (Karras et al. 2018): one more channel holding the mean over features of the batch's std. */
export class MinibatchStdDev extends tf.layers.Layer {
  static className = 'GranularMinibatchStdDev';
  override computeOutputShape(shape: Shape): Shape {
    return [shape[0]!, shape[1]!, shape[2]!, shape[3]! + 1];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [n, h, w] = x.shape as [number, number, number, number];
      const centred = tf.sub(x, tf.mean(x, 0, true));
      const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 0), 1e-8));
      const feature = tf.mul(tf.ones([n, h, w, 1]), tf.mean(std));
      return tf.concat([x, feature], 3);
    });
  }
}

for (const layer of [NearestUpsample, MeanDownsample, LeakyReLU, PixelNorm, MinibatchStdDev])
  tf.serialization.registerClass(layer);
