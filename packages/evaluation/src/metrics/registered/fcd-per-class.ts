import { Type } from '@sinclair/typebox';
import { defineMetric } from '../define-metric.ts';
import { frechetDistance } from '../frechet-distance.ts';
import { classesOf, rowsOfClass } from '../per-class.ts';

export const fcdPerClass = defineMetric({
  name: 'fcd_per_class',
  summary:
    'Class-conditional G: the FCD of the samples asked for each class against the reals of that class, averaged over classes (lower is better)',
  params: Type.Object(
    {
      each: Type.Boolean({ default: false, description: 'also give every class’s own value, as fcd_class_<k>' }),
    },
    { additionalProperties: false },
  ),
  needs: 'features',
  conditional: true,
  compute: ({ real, fake, classes }, { each }) => {
    const realLabels = classesOf(real, 'real');
    const fakeLabels = classesOf(fake, 'generated');
    const values: Record<string, number> = {};
    let sum = 0;
    for (let label = 0; label < classes; label++) {
      const distance = frechetDistance(
        rowsOfClass(real.features, realLabels, label),
        rowsOfClass(fake.features, fakeLabels, label),
      );
      sum += distance;
      if (each) values[`fcd_class_${label}`] = distance;
    }
    return { fcd_per_class: sum / classes, ...values };
  },
});
