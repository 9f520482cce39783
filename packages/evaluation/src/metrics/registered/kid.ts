import { Type } from '@sinclair/typebox';
import { defineMetric } from '../define-metric.ts';
import { kernelInceptionDistance } from '../kernel-inception-distance.ts';

export const kid = defineMetric({
  name: 'kid',
  summary:
    'Kernel distance (KID): unbiased MMD² with a cubic polynomial kernel on the classifier’s features (lower is better)',
  params: Type.Object(
    {
      block_size: Type.Integer({
        minimum: 2,
        maximum: 100000,
        default: 1000,
        description: 'samples per block; the estimate is averaged over blocks',
      }),
    },
    { additionalProperties: false },
  ),
  needs: 'features',
  compute: ({ real, fake }, { block_size }) => ({
    kid: kernelInceptionDistance(real.features, fake.features, { blockSize: block_size }),
  }),
});
