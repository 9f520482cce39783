import type { DataOrigin } from '@granular/core';
import { CLASSIFIER_DATA, classifierFor, type ClassifierName } from '../classifiers/shipped-classifiers.ts';

/**
 * Why a classifier's features say nothing about images from `origin` (the source stage at the
 * root of the reference data's chain), with a hint; undefined when the classifier was trained
 * on that source. An MNIST classifier scores anything it is shown, a folder of cat photos too:
 * the numbers would look like results and mean nothing.
 */
export function classifierMismatch(
  classifier: ClassifierName,
  origin: Pick<DataOrigin, 'id' | 'use' | 'dataset'>,
): { message: string; hint: string } | undefined {
  if (CLASSIFIER_DATA[classifier] === origin.dataset) return undefined;
  const fitting = classifierFor(origin.dataset);
  return {
    message: `the ${classifier} classifier was trained on ${CLASSIFIER_DATA[classifier]} images, but the reference data comes from stage '${origin.id}' (${origin.use}${origin.dataset ? `, data set ${origin.dataset}` : ''}): its features would score these images meaninglessly`,
    hint: fitting
      ? `use the classifier trained on that data: classifier: ${fitting}`
      : 'no shipped classifier knows these images: keep the pixel metric only (metrics: [swd])',
  };
}
