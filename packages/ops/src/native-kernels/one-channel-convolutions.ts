import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { opAttrs, type OpAttr, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';

/**
 * tfjs-node's three convolution kernels, where one side of the convolution is a one-channel
 * image, as Granular's ops (packages/ops/native/pointwise-conv.cc, one-channel-conv.cc):
 * oneDNN runs these as matrix products with a single row or column, far below its speed on the
 * layers between. Measured per call on the Xeon (ours against TensorFlow's, ms):
 * - 1 × 1 stride 1 (fromRGB, lin_cat's image projections, toRGB; the forward pass of the first
 *   two, layers with a leaky ReLU, is the fused convolution's one call where that runs):
 *   [64, 4, 4, 1] → 72 channels 0.07 against 0.23 forward, 0.07 against 0.50 for the filter gradient; 16 → 1 channel at
 *   32 × 32: 0.24 against 0.41 for the input gradient. With many channels on both sides
 *   (16 → 16) TensorFlow's is as fast or faster, so those stay with it.
 * - the input gradient into a one-channel image through a strided 3 × 3 or larger filter (a
 *   generator's last transposed convolution, a discriminator's first layer's image gradient):
 *   1.2 against 2.7 on the DCGAN's [64, 14, 14, 64] → [64, 28, 28, 1], 3.6 against 7.0 at
 *   64 px. The same layers' forward convolution and filter gradient, written the same way, were
 *   no faster than TensorFlow's and stay with it, as does stride 1 (3 × 3: no faster).
 * Everything else (other shapes, layouts, dtypes, dilations) runs tfjs-node's kernel.
 */
const MIN_SCATTERED_TAPS = 9;

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type ConvAttrs = {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};
type Shape4 = [number, number, number, number];

/**
 * The geometry of a convolution with one channel on a side (filter [kh, kw, 1, C] or
 * [kh, kw, C, 1]) that runs in NHWC float32 without dilation; undefined for any other, checked
 * first by the filter's shape, so that the many-channel layers in between pay no more than that.
 */
function oneChannelConvInfo(
  attrs: ConvAttrs,
  inputShape: Shape4,
  filterShape: Shape4,
  tensors: TensorInfo[],
): tf.backend_util.Conv2DInfo | undefined {
  if (filterShape[2] !== 1 && filterShape[3] !== 1) return undefined;
  if (attrs.dataFormat !== 'NHWC' || tensors.some((t) => t.dtype !== 'float32')) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return info.dilationHeight === 1 && info.dilationWidth === 1 ? info : undefined;
}

/** A 1 × 1, stride-1, unpadded convolution with one channel on either side. */
function pointwiseOneChannel(info: tf.backend_util.Conv2DInfo | undefined): boolean {
  if (!info) return false;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo, inChannels, outChannels } = info;
  const unpadded = padInfo.top === 0 && padInfo.bottom === 0 && padInfo.left === 0 && padInfo.right === 0;
  return filterHeight === 1 && filterWidth === 1 && strideHeight === 1 && strideWidth === 1 && unpadded
    ? inChannels === 1 || outChannels === 1
    : false;
}

/** A strided convolution of a one-channel image with a filter of at least MIN_SCATTERED_TAPS taps. */
function stridedFromOneChannel(info: tf.backend_util.Conv2DInfo | undefined): info is tf.backend_util.Conv2DInfo {
  if (!info || info.inChannels !== 1) return false;
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  return strided && info.filterHeight * info.filterWidth >= MIN_SCATTERED_TAPS;
}

function run(backend: unknown, op: string, inputs: TensorInfo[], attrs: OpAttr[] = []) {
  return (backend as TensorFlowBackend).executeSingleOutput(op, attrs, inputs);
}

type Args<I, A> = { inputs: I; backend: unknown; attrs: A };

export function oneChannelConv2D(original: KernelConfig): KernelConfig {
  return {
    ...original,
    kernelFunc: ((args: Args<{ x: TensorInfo; filter: TensorInfo }, ConvAttrs>) => {
      const { x, filter } = args.inputs;
      const info = oneChannelConvInfo(args.attrs, x.shape as Shape4, filter.shape as Shape4, [x, filter]);
      if (pointwiseOneChannel(info)) return run(args.backend, 'GranularPointwiseConv', [x, filter]);
      return original.kernelFunc(args as never);
    }) as unknown as KernelFunc,
  };
}

export function oneChannelConv2DBackpropInput(original: KernelConfig): KernelConfig {
  return {
    ...original,
    kernelFunc: ((args: Args<{ dy: TensorInfo; filter: TensorInfo }, ConvAttrs & { inputShape: Shape4 }>) => {
      const { dy, filter } = args.inputs;
      const info = oneChannelConvInfo(args.attrs, args.attrs.inputShape, filter.shape as Shape4, [dy, filter]);
      if (pointwiseOneChannel(info)) return run(args.backend, 'GranularPointwiseConvBackpropInput', [dy, filter]);
      if (stridedFromOneChannel(info)) {
        const geometry = [
          ...[info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth],
          ...[info.padInfo.top, info.padInfo.left, info.inHeight, info.inWidth, info.outHeight, info.outWidth],
        ];
        const attr = opAttrs(args.backend as TensorFlowBackend).integers('geometry', geometry);
        return run(args.backend, 'GranularOneChannelConvBackpropInput', [dy, filter], [attr]);
      }
      return original.kernelFunc(args as never);
    }) as unknown as KernelFunc,
  };
}

export function oneChannelConv2DBackpropFilter(original: KernelConfig): KernelConfig {
  return {
    ...original,
    kernelFunc: ((args: Args<{ x: TensorInfo; dy: TensorInfo }, ConvAttrs & { filterShape: Shape4 }>) => {
      const { x, dy } = args.inputs;
      const info = oneChannelConvInfo(args.attrs, x.shape as Shape4, args.attrs.filterShape, [x, dy]);
      if (pointwiseOneChannel(info)) return run(args.backend, 'GranularPointwiseConvBackpropFilter', [x, dy]);
      return original.kernelFunc(args as never);
    }) as unknown as KernelFunc,
  };
}
