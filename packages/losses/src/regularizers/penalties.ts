import * as tf from '@tensorflow/tfjs';

/** A discriminator as the penalties see it: images (one tensor per scale) in, one or more logit tensors out. */
export type Critic = (inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

function outputSum(outputs: tf.Tensor | tf.Tensor[]): tf.Scalar {
  return tf.addN((Array.isArray(outputs) ? outputs : [outputs]).map((o) => tf.sum(o))) as tf.Scalar;
}

/** Per example, the squared norm of a gradient: Σ over all but the batch axis. */
function squaredNorms(gradient: tf.Tensor): tf.Tensor1D {
  return tf.sum(tf.square(tf.reshape(gradient, [gradient.shape[0]!, -1])), 1) as tf.Tensor1D;
}

/**
 * R1 (Mescheder et al. 2018): γ/2 · E‖∇ₓD(x)‖² on real images. For a multi-scale D the
 * gradient is taken with respect to every scale's input, and the penalty is the mean over
 * scales of each scale's E‖∇D‖². Differentiating it for D's update needs second derivatives.
 */
export function r1Penalty(critic: Critic, real: tf.Tensor[], gamma: number): tf.Scalar {
  return tf.tidy(() => {
    const gradients = tf.grads((...inputs: tf.Tensor[]) => outputSum(critic(inputs)))(real);
    const perScale = gradients.map((g) => tf.mean(squaredNorms(g)));
    return tf.mul(gamma / 2, tf.div(tf.addN(perScale), perScale.length)) as tf.Scalar;
  });
}

/**
 * WGAN-GP (Gulrajani et al. 2017): λ · E[(‖∇D(x̂)‖ − 1)²] on x̂ = εx + (1 − ε)x̃, ε ~ U(0, 1)
 * per example. For a multi-scale D every scale is interpolated with the same ε, and the norm
 * is that of the gradient with respect to all scales together.
 */
export function gradientPenalty(
  critic: Critic,
  real: tf.Tensor[],
  fake: tf.Tensor[],
  lambda: number,
  epsilon: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const mixed = real.map((r, s) => {
      const e = tf.reshape(epsilon, [epsilon.shape[0], ...r.shape.slice(1).map(() => 1)]);
      return tf.add(tf.mul(e, r), tf.mul(tf.sub(1, e), fake[s]!));
    });
    const gradients = tf.grads((...inputs: tf.Tensor[]) => outputSum(critic(inputs)))(mixed);
    const norms = tf.sqrt(tf.add(tf.addN(gradients.map(squaredNorms)), 1e-12));
    return tf.mul(lambda, tf.mean(tf.square(tf.sub(norms, 1)))) as tf.Scalar;
  });
}

/** Drift (Karras et al. 2018): ε · E[D(x)²], keeping a Wasserstein critic's outputs near 0. */
export function driftPenalty(realOutputs: tf.Tensor | tf.Tensor[], epsilon: number): tf.Scalar {
  return tf.tidy(() => {
    const outputs = Array.isArray(realOutputs) ? realOutputs : [realOutputs];
    return tf.mul(epsilon, tf.div(tf.addN(outputs.map((o) => tf.mean(tf.square(o)))), outputs.length)) as tf.Scalar;
  });
}
