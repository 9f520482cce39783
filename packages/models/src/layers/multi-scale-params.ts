import { Type } from '@sinclair/typebox';
import { UserError } from '@granular/core';

export const scalesParam = Type.Array(Type.Integer({ minimum: 4, maximum: 1024 }), {
  minItems: 2,
  maxItems: 9,
  default: [4, 8, 16, 32],
  description: 'image sizes, coarsest first, each twice the last',
});
export const filtersParam = Type.Array(Type.Integer({ minimum: 1, maximum: 8192 }), {
  minItems: 2,
  maxItems: 9,
  default: [128, 128, 64, 32],
  description: 'feature maps at each scale, in the order of scales',
});

/** What a multi-scale model's per-scale block is: MSG-GAN's ProGAN blocks, or DCGAN's stride-2 ones. */
export const blockParam = Type.Union([Type.Literal('progan'), Type.Literal('dcgan')], {
  default: 'progan',
  description:
    "progan: 2× nearest resize and two 3×3 convolutions per scale (the paper's); dcgan: one 5×5 stride-2 (transposed) convolution per scale, batch norm in G (about a DCGAN step's cost)",
});

/** What every multi-scale generator takes: z, the scales it emits, their feature maps, image channels. */
export const multiScaleGeneratorParams = {
  latent: Type.Integer({ minimum: 1, maximum: 65536, default: 128, description: 'size of z' }),
  scales: scalesParam,
  filters: filtersParam,
  channels: Type.Integer({ minimum: 1, maximum: 4, default: 1, description: 'image channels' }),
};

/** Scales must double; filters pair with them. Returned coarsest first. */
export function checkScales(scales: readonly number[], filters: readonly number[]): void {
  scales.forEach((size, i) => {
    if (i > 0 && size !== 2 * scales[i - 1]!)
      throw new UserError(
        `scales must double, coarsest first: ${scales.join(', ')}`,
        'for 32×32 images: [4, 8, 16, 32]',
      );
  });
  if (filters.length !== scales.length)
    throw new UserError(
      `${filters.length} filter counts for ${scales.length} scales`,
      'give one filter count per scale',
    );
}
