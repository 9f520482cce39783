/**
 * @granular/models: generators and discriminators, registered by name for `models:` in a
 * pipeline. Each is a tf.LayersModel; discriminators output logits.
 */
import type { Contribution } from '@granular/core';
import { dcganDiscriminator } from './dcgan/dcgan-discriminator.ts';
import { dcganGenerator } from './dcgan/dcgan-generator.ts';
import { mlpDiscriminator } from './mlp/mlp-discriminator.ts';
import { mlpGenerator } from './mlp/mlp-generator.ts';

export { SeededInitializers } from './layers/seeded-initializers.ts';
export { mlpGenerator, mlpDiscriminator, dcganGenerator, dcganDiscriminator };

export const contribution: Contribution = { models: [mlpGenerator, mlpDiscriminator, dcganGenerator, dcganDiscriminator] };
