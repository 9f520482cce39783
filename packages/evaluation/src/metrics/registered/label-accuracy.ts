import { Type } from '@sinclair/typebox';
import { defineMetric } from '../define-metric.ts';
import { predictedClass } from '../predicted-class.ts';
import { classesOf } from '../per-class.ts';

export const labelAccuracy = defineMetric({
  name: 'label_accuracy',
  summary:
    'Class-conditional G: the share of samples the classifier recognizes as the class G was asked for (higher is better)',
  params: Type.Object({}, { additionalProperties: false }),
  needs: 'logits',
  conditional: true,
  compute: ({ fake }) => {
    const asked = classesOf(fake, 'generated');
    const hits = fake.logits.reduce((sum, row, i) => sum + (predictedClass(row) === asked[i] ? 1 : 0), 0);
    return { label_accuracy: hits / fake.logits.length };
  },
});
