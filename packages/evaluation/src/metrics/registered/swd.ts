import { Type } from '@sinclair/typebox';
import { defineMetric } from '../define-metric.ts';
import { slicedWassersteinDistance, type ImageStack } from '../sliced-wasserstein.ts';

function firstRows(stack: ImageStack, count: number): ImageStack {
  const n = Math.min(count, stack.count);
  return { ...stack, count: n, values: stack.values.subarray(0, n * stack.height * stack.width * stack.channels) };
}

export const swd = defineMetric({
  name: 'swd',
  summary:
    'Sliced Wasserstein distance on pixels (ProGAN’s): ×10³ per Laplacian level (swd_32, swd_16…) and averaged (lower is better)',
  params: Type.Object({}, { additionalProperties: false }),
  needs: 'pixels',
  compute: ({ real, fake, seed, swdSamples }) => {
    // Equally many of each: the reference may hold fewer images than were asked for.
    const n = Math.min(swdSamples, real.images.count, fake.images.count);
    const result = slicedWassersteinDistance(firstRows(real.images, n), firstRows(fake.images, n), { seed });
    const values: Record<string, number> = {};
    result.perLevel.forEach((value, level) => (values[`swd_${real.images.height >> level}`] = value));
    values['swd'] = result.average;
    return values;
  },
});
