import { Type } from '@sinclair/typebox';
import { defineMetric } from '../define-metric.ts';
import { classifierScore as score } from '../classifier-score.ts';

export const classifierScore = defineMetric({
  name: 'classifier_score',
  summary: 'The Inception Score formula on the classifier’s class probabilities (higher is better)',
  params: Type.Object({}, { additionalProperties: false }),
  needs: 'logits',
  compute: ({ fake }) => ({ classifier_score: score(fake.logits) }),
});
