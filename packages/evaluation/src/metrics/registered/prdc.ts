import { Type } from '@sinclair/typebox';
import { defineMetric } from '../define-metric.ts';
import { precisionRecallDensityCoverage } from '../precision-recall-density-coverage.ts';

export const prdc = defineMetric({
  name: 'prdc',
  summary:
    'Precision, recall, density and coverage with k-nearest-neighbour balls on the classifier’s features (higher is better)',
  params: Type.Object(
    {
      k: Type.Integer({
        minimum: 1,
        maximum: 100,
        default: 5,
        description: 'the neighbour whose distance is a ball’s radius',
      }),
    },
    { additionalProperties: false },
  ),
  needs: 'features',
  // Quadratic in the samples: at most the stage's prdc_samples of each set.
  compute: ({ real, fake, prdcSamples }, { k }) =>
    precisionRecallDensityCoverage(real.features.slice(0, prdcSamples), fake.features.slice(0, prdcSamples), k),
});
