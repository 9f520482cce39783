import * as tf from '@tensorflow/tfjs';

/**
 * SAGAN self-attention (Zhang et al. 2019): every position attends to every other, so G and D
 * can relate distant parts of an image. f, g (C/8 channels) and h (C channels) are 1×1
 * projections; the output is γ·(attention · h) + x, with γ starting at 0, so the block begins
 * as the identity and learns how much to attend.
 */
export class SelfAttention extends tf.layers.Layer {
  static className = 'GranularSelfAttention';
  private query!: tf.LayerVariable;
  private key!: tf.LayerVariable;
  private value!: tf.LayerVariable;
  private gamma!: tf.LayerVariable;
  private readonly seed: number;

  constructor(config: { name?: string; seed?: number } = {}) {
    super(config);
    this.seed = config.seed ?? 0;
  }

  override build(shape: (number | null)[]): void {
    const channels = shape[3]!;
    const reduced = Math.max(1, Math.floor(channels / 8));
    const init = (i: number) => tf.initializers.glorotUniform({ seed: this.seed + i });
    this.query = this.addWeight('query', [channels, reduced], 'float32', init(1));
    this.key = this.addWeight('key', [channels, reduced], 'float32', init(2));
    this.value = this.addWeight('value', [channels, channels], 'float32', init(3));
    this.gamma = this.addWeight('gamma', [1], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const flat = tf.reshape(x, [n * h * w, c]);
      const project = (weight: tf.LayerVariable, width: number) =>
        tf.reshape(tf.matMul(flat, weight.read()), [n, h * w, width]);
      const reduced = this.query.shape[1]!;
      const f = project(this.query, reduced);
      const g = project(this.key, reduced);
      const v = project(this.value, c);
      const attention = tf.softmax(tf.matMul(f, g, false, true)); // [n, hw, hw]: each position's weights over all positions
      const attended = tf.reshape(tf.matMul(attention, v), [n, h, w, c]);
      return tf.add(tf.mul(this.gamma.read(), attended), x);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

tf.serialization.registerClass(SelfAttention);
