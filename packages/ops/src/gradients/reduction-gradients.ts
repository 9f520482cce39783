import * as tf from '@tensorflow/tfjs';

/**
 * The gradients of Sum and Mean without building a tensor of ones in JavaScript.
 *
 * tfjs 4.22 broadcasts dy back to x's shape as dy · tf.ones(x.shape): a Float32Array of x's
 * size filled with ones in JavaScript and copied to the backend, at every call: 5 ms per
 * tfjs-node DCGAN step (batch norm's moments and every bias gradient reduce [64,14,14,64]
 * tensors). Here the ones come from x by the OnesLike kernel, in the backend, with the same
 * arithmetic (dy · 1, then / n for Mean), so the values are bit-for-bit tfjs's. OnesLike's
 * gradient is zero and Multiply's sums over broadcast axes, so second derivatives still flow.
 */
function broadcastBack(
  dy: tf.Tensor,
  x: tf.Tensor,
  axis: number | number[],
): { spread: () => tf.Tensor; count: number } {
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const expandedShape = x.shape.map((size, i) => (axes.includes(i) ? 1 : size));
  const count = axes.reduce((product, i) => product * x.shape[i]!, 1);
  const ones = () => (x.dtype === 'float32' ? tf.onesLike(x) : tf.cast(tf.onesLike(x), 'float32'));
  return { spread: () => tf.mul(tf.reshape(dy, expandedShape), ones()), count };
}

let installed = false;

export function installReductionGradients(): void {
  if (installed) return;
  tf.registerGradient({
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { spread } = broadcastBack(dy as tf.Tensor, x, (attrs as { axis: number | number[] }).axis);
      return { x: spread };
    },
  });
  tf.registerGradient({
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { spread, count } = broadcastBack(dy as tf.Tensor, x, (attrs as { axis: number | number[] }).axis);
      return { x: () => tf.div(spread(), count) };
    },
  });
  installed = true;
}
