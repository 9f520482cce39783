import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';

describe('wasm Identity shares its input buffer', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('keeps the values while either tensor lives and frees the buffer with the last', () => {
    const buffersBefore = tf.memory().numDataBuffers;
    const original = tf.tensor([1.5, -2, 3], [3]);
    const copy = tf.clone(original);
    expect(tf.memory().numDataBuffers).toBe(buffersBefore + 1); // shared, not copied
    original.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1.5, -2, 3]);
    const sum = copy.add(1);
    copy.dispose();
    expect(Array.from(sum.dataSync())).toEqual([2.5, -1, 4]);
    sum.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffersBefore);
  });

  it('leaves a variable unchanged when the tensor it was cloned from is reassigned', () => {
    const variable = tf.variable(tf.tensor([1, 2]));
    const snapshot = tf.clone(variable);
    variable.assign(tf.tensor([5, 6]));
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2]);
    expect(Array.from(variable.dataSync())).toEqual([5, 6]);
    tf.dispose([variable, snapshot]);
  });
});
