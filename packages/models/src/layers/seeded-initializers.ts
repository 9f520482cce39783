import * as tf from '@tensorflow/tfjs';
import type { Random } from '@granular/core';

/**
 * Weight initializers seeded from the model's random stream, so the same pipeline seed
 * gives the same initial weights (tfjs's own default initializers draw unseeded).
 */
export class SeededInitializers {
  constructor(private readonly random: Random) {}

  /** Glorot (Xavier) uniform, the default of Keras and tfjs dense and conv layers. */
  glorot(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform({ seed: this.random.uint32() });
  }

  /** A seed for a layer that initializes its own weights (self-attention). */
  seed(): number {
    return this.random.uint32();
  }

  /** N(0, 0.02), the DCGAN paper's initialization (Radford et al. 2016). */
  dcgan(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.random.uint32() });
  }
}
