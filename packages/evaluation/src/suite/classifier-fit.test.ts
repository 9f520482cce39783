import { describe, expect, it } from 'vitest';
import { classifierFor } from '../classifiers/shipped-classifiers.ts';
import { classifierMismatch } from './classifier-fit.ts';

describe('which classifier fits which data', () => {
  it('is decided by the data set a source declares, not by its stage name', () => {
    // A user's own MNIST loader that declares `dataset: mnist` is judged like data/mnist.
    const ownLoader = { id: 'digits', use: 'user/mnist-from-disk', dataset: 'mnist' };
    expect(classifierFor(ownLoader.dataset)).toBe('mnist');
    expect(classifierMismatch('mnist', ownLoader)).toBeUndefined();
    expect(classifierMismatch('fashion-mnist', ownLoader)?.hint).toBe(
      'use the classifier trained on that data: classifier: mnist',
    );
    // A folder declares none: no classifier fits, whatever its images are.
    const folder = { id: 'photos', use: 'data/image-folder', dataset: undefined };
    expect(classifierFor(folder.dataset)).toBeUndefined();
    expect(classifierMismatch('mnist', folder)?.message).toMatch(
      /trained on mnist images, but the reference data comes from stage 'photos' \(data\/image-folder\)/,
    );
  });
});
