import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import type { Random } from '@granular/core';

export type HiddenInit = 'glorot' | 'he';

/** How hidden dense layers start: Glorot (Keras's and tfjs's default, the origin's) or He. */
export const hiddenInitParam = Type.Union([Type.Literal('glorot'), Type.Literal('he')], {
  default: 'glorot',
  description:
    "hidden layers' initial weights: glorot (Keras's default, the origin's) or he (variance 2/fan_in, which ReLU layers keep)",
});

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

  /** He (Kaiming) normal, variance 2/fan_in: keeps a signal's variance through ReLU layers (He et al. 2015). */
  he(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.heNormal({ seed: this.random.uint32() });
  }

  /** The hidden layers' initializer a model's `init:` names. */
  hidden(kind: HiddenInit): ReturnType<typeof tf.initializers.glorotUniform> {
    return kind === 'he' ? this.he() : this.glorot();
  }

  /** N(0, 0.02), the DCGAN paper's initialization (Radford et al. 2016). */
  dcgan(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.random.uint32() });
  }
}
