import * as tf from '@tensorflow/tfjs';
// The op's own module, not the package index (which brings backends and PNG encoding), so this layer also loads in a browser.
import { convBiasLeaky } from '@granular/ops/convolution';
import { convGeometryConfig, convOutputShape } from './conv-geometry.ts';

type Shape = (number | null)[];
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

export interface ConvLeakyConfig {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: 'same' | 'valid';
  /** The leaky ReLU's slope for negative inputs (0 makes it a ReLU). */
  alpha?: number;
  kernelInitializer?: Initializer;
  name?: string;
}

/**
 * A 2-D convolution (NHWC) with bias, then leaky ReLU, as one layer: what a tfjs conv2d layer
 * followed by Granular's LeakyReLU layer computes, as one op (convBiasLeaky), which tfjs-node
 * runs as a single fused TensorFlow call. Its weights are the conv2d layer's, in the same
 * order and shapes (kernel, then bias), drawn by the same initializer: a model built from it
 * starts from the same weights as one built from the two layers, and checkpoints, which match
 * weights by position, load in either.
 */
export class ConvLeaky extends tf.layers.Layer {
  static className = 'GranularConvLeaky';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';
  readonly alpha: number;
  private readonly kernelInitializer: Initializer;
  private kernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor(config: ConvLeakyConfig) {
    super(config);
    this.filters = config.filters;
    this.kernelSize = config.kernelSize;
    this.strides = config.strides ?? 1;
    this.padding = config.padding ?? 'valid';
    this.alpha = config.alpha ?? 0.2;
    // A loaded model's weights come from its file; the default only fills a layer built from config alone.
    this.kernelInitializer = config.kernelInitializer ?? tf.initializers.glorotUniform({});
  }

  override build(shape: Shape | Shape[]): void {
    const channels = (shape as Shape).at(-1)!;
    const kernelShape = [this.kernelSize, this.kernelSize, channels, this.filters];
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', this.kernelInitializer);
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(shape: Shape | Shape[]): Shape {
    return convOutputShape(shape as Shape, this);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return convBiasLeaky(x, this.kernel.read() as tf.Tensor4D, this.bias.read() as tf.Tensor1D, {
      strides: [this.strides, this.strides],
      pad: this.padding,
      alpha: this.alpha,
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...convGeometryConfig(this), alpha: this.alpha };
  }
}

tf.serialization.registerClass(ConvLeaky);
