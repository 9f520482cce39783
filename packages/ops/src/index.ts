/**
 * @granular/ops: the TensorFlow.js layer under every other package: backend selection
 * (auto | node | wasm | cpu), our wasm kernels and TensorFlow kernels, double-backprop-safe activations, pyramids
 * and PNG encoding of image grids.
 */
import type { Contribution } from '@granular/core';

export {
  selectBackend,
  currentBackend,
  type BackendName,
  type BackendRequest,
  type SelectedBackend,
} from './backend/select-backend.ts';
export { wasmThreadCount, wasmThreadsWanted } from './backend/wasm-threads.ts';
export { nativeKernelsState, type NativeKernelsState } from './native-kernels/load-native-kernels.ts';
export { fusedConvolutionState, type FusedConvolutionState } from './native-kernels/fused-conv-bias-leaky.ts';
export { cpuFlags } from './native-kernels/cpu-flags.ts';
export { registerWasmKernels, WASM_KERNEL_NAMES } from './wasm-kernels/register-wasm-kernels.ts';
export {
  batchNormTraining,
  hasBatchNormTraining,
  type BatchNormTrainingResult,
} from './batch-norm/batch-norm-training.ts';
export { FusedAdamOptimizer } from './optimizers/fused-adam.ts';
export { pixelNorm } from './normalization/pixel-norm.ts';
export { biasAdd } from './bias/bias-add.ts';
export { convBiasLeaky, type ConvBiasLeakyAttrs } from './convolution/conv-bias-leaky.ts';
export { matrixProduct } from './matmul/matrix-product.ts';
export { encodeImageGrid } from './images/png-grid.ts';
export {
  diffAugment,
  identityDraw,
  AUGMENTATIONS,
  type Augmentation,
  type AugmentationDraw,
} from './augment/diff-augment.ts';
export {
  avgPoolPyramid,
  gaussianPyramid,
  laplacianPyramid,
  reconstructLaplacian,
  halve,
  downsample,
  upsample,
  repeat2x,
  blur,
  pyramidBuilders,
  type Pyramid,
  type PyramidKind,
} from './pyramids/image-pyramids.ts';

export const contribution: Contribution = {};
