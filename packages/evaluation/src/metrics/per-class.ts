import { UserError } from '@granular/core';
import type { Judged } from './define-metric.ts';

/** The classes of a judged set, which a class-by-class metric cannot do without. */
export function classesOf(set: Judged, which: 'real' | 'generated'): Int32Array {
  if (set.labels) return set.labels;
  throw new UserError(
    which === 'generated'
      ? 'a class-by-class metric needs a class-conditional generator (models: G with classes:)'
      : 'a class-by-class metric needs labelled reference images (data/mnist, data/fashion-mnist, a folder of class subfolders)',
    'remove label_accuracy and fcd_per_class from metrics:, or make the models class-conditional',
  );
}

/** The rows of `rows` whose label is `label`. */
export function rowsOfClass<T>(rows: readonly T[], labels: Int32Array, label: number): T[] {
  return rows.filter((_, i) => labels[i] === label);
}
