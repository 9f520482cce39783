import * as tf from '@tensorflow/tfjs';

/**
 * The auxiliary classifier's loss of ACGAN (Odena et al. 2017): the mean over the batch of
 * −log softmax(logits)[label], the cross-entropy of D's class logits against the classes the
 * images are (reals) or were asked to be (fakes). Written from log-sum-exp, so large logits
 * stay finite.
 */
export function classLoss(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape.at(-1)!;
    const logProbabilities = tf.sub(logits, tf.logSumExp(logits, -1, true));
    const chosen = tf.sum(tf.mul(logProbabilities, tf.oneHot(tf.cast(labels, 'int32'), classes)), -1);
    return tf.neg(tf.mean(chosen)) as tf.Scalar;
  });
}
