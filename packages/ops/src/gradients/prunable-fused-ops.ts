import * as tf from '@tensorflow/tfjs';
import { BIAS_ADD_KERNEL, biasAdd } from '../bias/bias-add.ts';
import { matrixProduct } from '../matmul/matrix-product.ts';

/**
 * Fused ops whose gradients compute only what is asked for.
 *
 * tfjs-layers runs every Conv2D and Dense layer through `tf.fused.conv2d` / `tf.fused.matMul`.
 * Under a gradient tape with a linear activation tfjs keeps them fused, and the fused ops'
 * gradient (a customGrad) computes the gradients of ALL inputs: a G step, which needs only
 * D's input gradients, also computes every D weight and bias gradient, and a D step computes
 * the gradient of the images it was fed. On the DCGAN that is 1.5 of the step's 16 GFLOP.
 *
 * Installed, these two ops run as their unfused parts (conv2d or matMul, then the bias add)
 * while a gradient is being recorded; tfjs then prunes the gradient to the inputs that lead
 * to the variables asked for, as it does for any op. Outside a tape (sampling, evaluation),
 * and with a non-linear activation (which tfjs itself unfuses under a tape), the original
 * fused op runs. The product is matmul/matrix-product.ts's (one TensorFlow MatMul on
 * tfjs-node), the bias add bias/bias-add.ts's, one pass each way where Granular's
 * TensorFlow kernels are loaded.
 */

type FusedConv2dArgs = Parameters<typeof tf.fused.conv2d>[0];
type FusedMatMulArgs = Parameters<typeof tf.fused.matMul>[0];

let installed = false;

/** Whether ops are being recorded for a gradient (tfjs's own test for unfusing). */
function recording(): boolean {
  return (tf.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;
}

/**
 * Whether the backend has Granular's one-pass bias add (bias/bias-add.ts): then the unfused
 * convolution runs off the tape too, since tfjs-node's FusedConv2D is the same convolution
 * followed by its slower broadcasting Add.
 */
const ownBiasAdd = () => tf.getKernel(BIAS_ADD_KERNEL, tf.getBackend()) !== undefined;

const isLinear = (activation: string | undefined) => activation === undefined || activation === 'linear';

export function installPrunableFusedOps(): void {
  if (installed) return;
  const fusedConv2d = tf.fused.conv2d;
  const fusedMatMul = tf.fused.matMul;
  // tf.fused is a plain object that tfjs-layers reads at every call, so replacing its members reaches the layers.
  const fused = tf.fused as { conv2d: typeof fusedConv2d; matMul: typeof fusedMatMul };
  fused.conv2d = ((args: FusedConv2dArgs) => {
    if (!isLinear(args.activation) || (!recording() && !ownBiasAdd())) return fusedConv2d(args);
    const { x, filter, strides, pad, dataFormat, dilations, dimRoundingMode, bias } = args;
    const result = tf.conv2d(
      x as tf.Tensor4D,
      filter as tf.Tensor4D,
      strides,
      pad,
      dataFormat,
      dilations,
      dimRoundingMode,
    );
    return bias == null ? result : biasAdd(result, bias as tf.Tensor);
  }) as typeof fusedConv2d;
  fused.matMul = ((args: FusedMatMulArgs) => {
    if (!recording() || !isLinear(args.activation)) return fusedMatMul(args); // off the tape, tfjs-node's _FusedMatMul is one op
    const { a, b, transposeA, transposeB, bias } = args;
    const result = matrixProduct(a as tf.Tensor, b as tf.Tensor, transposeA, transposeB);
    return bias == null ? result : biasAdd(result, bias as tf.Tensor);
  }) as typeof fusedMatMul;
  installed = true;
}
