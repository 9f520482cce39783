import { Type } from '@sinclair/typebox';
import { defineMetric } from '../define-metric.ts';
import { frechetDistance } from '../frechet-distance.ts';

export const fcd = defineMetric({
  name: 'fcd',
  summary: 'Fréchet classifier distance: the FID formula on the classifier’s features (lower is better)',
  params: Type.Object({}, { additionalProperties: false }),
  needs: 'features',
  compute: ({ real, fake }) => ({ fcd: frechetDistance(real.features, fake.features) }),
});
