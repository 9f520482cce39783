import * as tf from '@tensorflow/tfjs';

/**
 * Binary cross-entropy of logits l against target y, averaged: softplus(l) − y·l
 * (= −y·log σ(l) − (1 − y)·log(1 − σ(l)), without ever forming σ(l)).
 */
export function crossEntropyWithLogits(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.softplus(logits), tf.mul(target, logits))) as tf.Scalar);
}

/** D's loss in the standard GAN: real images labelled 1 (1 − s with label smoothing s), fakes 0. */
export function discriminatorCrossEntropy(
  real: tf.Tensor,
  fake: tf.Tensor,
  options: { labelSmoothing?: number } = {},
): tf.Scalar {
  return tf.tidy(
    () =>
      tf.add(
        crossEntropyWithLogits(real, 1 - (options.labelSmoothing ?? 0)),
        crossEntropyWithLogits(fake, 0),
      ) as tf.Scalar,
  );
}
