import { Type } from '@sinclair/typebox';
import { defineMetric } from '../define-metric.ts';
import { modeCoverage } from '../mode-coverage.ts';
import { predictedClass } from '../predicted-class.ts';

export const modes = defineMetric({
  name: 'modes',
  summary:
    'Classes the classifier finds among the samples (higher is better) and the KL divergence of their shares from uniform (mode_kl, lower is better)',
  params: Type.Object({}, { additionalProperties: false }),
  needs: 'logits',
  compute: ({ fake, classes }) => {
    const { modes: found, klToUniform } = modeCoverage(fake.logits.map(predictedClass), classes);
    return { modes: found, mode_kl: klToUniform };
  },
});
