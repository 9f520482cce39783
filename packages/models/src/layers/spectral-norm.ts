import * as tf from '@tensorflow/tfjs';
import { convGeometryConfig, convOutputShape } from './conv-geometry.ts';

type Shape = (number | null)[];
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/**
 * Spectral normalization (Miyato et al. 2018): a layer's weight divided by an estimate of its
 * largest singular value σ, so that D is (about) 1-Lipschitz per layer. σ comes from power
 * iteration: u is kept between steps as a non-trainable weight (checkpointed with the model)
 * and advanced by one iteration at every training forward pass, as PyTorch's spectral_norm
 * does; u and v are constants to the gradient, σ = vᵀ W u is not.
 */

/** The identity whose gradient is zero: tfjs has no stop_gradient. */
const stopGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor),
}));

const unit = (x: tf.Tensor) => tf.div(x, tf.add(tf.norm(x), 1e-12));

/**
 * One power iteration on W ([fan_in, fan_out]) from u ([fan_out]): v = W u / ‖W u‖,
 * u′ = Wᵀ v / ‖Wᵀ v‖, σ = vᵀ W u′ (differentiable in W, u′ and v held constant).
 * Iterated to convergence, σ is W's largest singular value.
 */
export function powerIteration(matrix: tf.Tensor2D, u: tf.Tensor1D): { u: tf.Tensor1D; sigma: tf.Scalar } {
  return tf.tidy(() => {
    const fixed = stopGradient(matrix) as tf.Tensor2D;
    const v = unit(tf.matMul(fixed, tf.reshape(u, [-1, 1])));
    const next = unit(tf.matMul(fixed, v, true, false));
    const sigma = tf.sum(tf.mul(v, tf.matMul(matrix, next))) as tf.Scalar;
    return { u: tf.reshape(next, [-1]) as tf.Tensor1D, sigma };
  });
}

interface SpectralConfig {
  /** Seeds the initial kernel and u. */
  seed: number;
  kernelInitializer?: Initializer;
  name?: string;
}

/** What the dense and convolution layers share: the kernel, the bias, u, and W / σ. */
abstract class SpectralLayer extends tf.layers.Layer {
  protected readonly seed: number;
  private readonly kernelInitializer: Initializer;
  protected kernel!: tf.LayerVariable;
  protected bias!: tf.LayerVariable;
  private u!: tf.LayerVariable;

  constructor(config: SpectralConfig) {
    super(config);
    this.seed = config.seed;
    this.kernelInitializer = config.kernelInitializer ?? tf.initializers.glorotUniform({ seed: config.seed });
  }

  protected addSpectralWeights(kernelShape: number[], outputs: number): void {
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', this.kernelInitializer);
    this.bias = this.addWeight('bias', [outputs], 'float32', tf.initializers.zeros());
    this.u = this.addWeight(
      'u',
      [outputs],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed + 1 }),
      undefined,
      false,
    );
  }

  /** The kernel divided by σ; in training, u advances one power iteration. */
  protected normalizedKernel(training: boolean): tf.Tensor {
    const kernel = this.kernel.read();
    const outputs = kernel.shape.at(-1)!;
    const { u, sigma } = powerIteration(tf.reshape(kernel, [-1, outputs]) as tf.Tensor2D, this.u.read() as tf.Tensor1D);
    if (training) this.u.write(u);
    return tf.div(kernel, sigma);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

/** A dense layer whose kernel is spectrally normalized. */
export class SpectralDense extends SpectralLayer {
  static className = 'GranularSpectralDense';
  readonly units: number;

  constructor(config: SpectralConfig & { units: number }) {
    super(config);
    this.units = config.units;
  }

  override build(shape: Shape | Shape[]): void {
    this.addSpectralWeights([(shape as Shape).at(-1)!, this.units], this.units);
    this.built = true;
  }

  override computeOutputShape(shape: Shape | Shape[]): Shape {
    return [...(shape as Shape).slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor2D;
      const kernel = this.normalizedKernel(kwargs['training'] === true) as tf.Tensor2D;
      return tf.add(tf.matMul(x, kernel), this.bias.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}

/** A 2-D convolution (NHWC) whose kernel is spectrally normalized, as a matrix [k·k·in, filters]. */
export class SpectralConv2D extends SpectralLayer {
  static className = 'GranularSpectralConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';

  constructor(
    config: SpectralConfig & { filters: number; kernelSize: number; strides?: number; padding?: 'same' | 'valid' },
  ) {
    super(config);
    this.filters = config.filters;
    this.kernelSize = config.kernelSize;
    this.strides = config.strides ?? 1;
    this.padding = config.padding ?? 'valid';
  }

  override build(shape: Shape | Shape[]): void {
    const channels = (shape as Shape).at(-1)!;
    this.addSpectralWeights([this.kernelSize, this.kernelSize, channels, this.filters], this.filters);
    this.built = true;
  }

  override computeOutputShape(shape: Shape | Shape[]): Shape {
    return convOutputShape(shape as Shape, this);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const kernel = this.normalizedKernel(kwargs['training'] === true) as tf.Tensor4D;
      return tf.add(tf.conv2d(x, kernel, this.strides, this.padding), this.bias.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...convGeometryConfig(this) };
  }
}

for (const layer of [SpectralDense, SpectralConv2D]) tf.serialization.registerClass(layer);
