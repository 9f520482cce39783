import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkValue, paramsSchema, RunContext, type ModelDefinition } from '@granular/core';
import {
  dcganDiscriminator,
  dcganGenerator,
  generate,
  hasClassHead,
  judge,
  mlpDiscriminator,
  mlpGenerator,
  modelClasses,
  msgDiscriminator,
  msgGenerator,
  takesLabels,
} from './index.ts';
import { ClassAffine } from './layers/class-layers.ts';

function build(definition: ModelDefinition, params: Record<string, unknown>): tf.LayersModel {
  expect(checkValue(paramsSchema(definition.params), params)).toEqual([]);
  return definition.create(params as never, RunContext.standalone({ seed: 5 }).forStage('models.X')) as tf.LayersModel;
}

/** The weights of the layer named `name`, or of the `index`-th layer of `className`. */
function weightsOf(model: tf.LayersModel, className: string, index = 0): number[][][] {
  const layer = model.layers.filter((l) => l.getClassName() === className)[index]!;
  return layer.getWeights().map((w) => w.arraySync() as number[][]);
}

describe('class-conditional models', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a projection D gives ψ(h) + ⟨embed(y), h⟩, computed here from its weights by hand', () => {
    const d = build(mlpDiscriminator as ModelDefinition, { hidden: [3], shape: [2, 2, 1], classes: 4 });
    expect(takesLabels(d)).toBe(true);
    expect(modelClasses(d)).toBe(4);
    const x = [
      [0.5, -1, 0.25, 2],
      [-0.3, 0.8, 1.5, -0.6],
    ];
    const labels = [3, 1];
    const [w1, b1] = weightsOf(d, 'Dense', 0) as unknown as [number[][], number[]];
    const [w2, b2] = weightsOf(d, 'Dense', 1) as unknown as [number[][], number[]];
    const [embedding] = weightsOf(d, 'GranularClassEmbedding') as [number[][]];
    const expected = x.map((row, n) => {
      const h = b1.map((bias, j) => Math.max(0, bias + row.reduce((s, v, i) => s + v * w1[i]![j]!, 0)));
      const psi = b2[0]! + h.reduce((s, v, j) => s + v * w2[j]![0]!, 0);
      return psi + h.reduce((s, v, j) => s + v * embedding![labels[n]!]![j]!, 0);
    });
    const { scores, classLogits } = judge(
      d,
      [tf.tensor4d(x.flat(), [2, 2, 2, 1])],
      tf.tensor1d(labels, 'int32'),
      false,
    );
    expect(classLogits).toBeUndefined();
    const actual = scores[0]!.dataSync();
    expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
  });

  it('an ACGAN D has a second head of class logits, kept apart from its real/fake score', () => {
    const d = build(dcganDiscriminator as ModelDefinition, {
      shape: [8, 8, 1],
      downsamplings: 1,
      filters: 4,
      classes: 3,
      condition: 'acgan',
    });
    expect(takesLabels(d)).toBe(false);
    expect(hasClassHead(d)).toBe(true);
    expect(modelClasses(d)).toBe(3);
    const { scores, classLogits } = judge(d, [tf.zeros([5, 8, 8, 1])], undefined, false);
    expect(scores.map((s) => s.shape)).toEqual([[5, 1]]);
    expect(classLogits!.shape).toEqual([5, 3]);
  });

  it('a conditional G draws different images for different classes from the same z, and needs the labels', () => {
    for (const [definition, params] of [
      [dcganGenerator, { latent: 6, start: 2, upsamplings: 2, filters: 4, batch_norm: true, classes: 3 }],
      [mlpGenerator, { latent: 6, hidden: [8], shape: [4, 4, 1], batch_norm: true, classes: 3 }],
      [msgGenerator, { latent: 6, scales: [4, 8], filters: [8, 4], block: 'dcgan', classes: 3 }],
    ] as const) {
      const g = build(definition as ModelDefinition, params);
      expect(modelClasses(g)).toBe(3);
      const z = tf.randomNormal([2, 6], 0, 1, 'float32', 1);
      const zz = tf.concat([z, z]);
      const images = generate(g, zz, tf.tensor1d([0, 1, 2, 2], 'int32'), false);
      const finest = (Array.isArray(images) ? images[0]! : images).arraySync() as number[][][][];
      expect(finest[0]).not.toEqual(finest[2]); // same z, classes 0 and 2
      expect(() => generate(g, z, undefined, false)).toThrow(/class-conditional/);
    }
  });

  it('conditional batch norm scales and shifts each example by its own class: x·γ[y] + β[y]', () => {
    const input = tf.input({ shape: [2] });
    const label = tf.input({ shape: [1] });
    const layer = new ClassAffine({ classes: 3 });
    const model = tf.model({ inputs: [input, label], outputs: layer.apply([input, label]) as tf.SymbolicTensor });
    layer.setWeights([
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tf.tensor2d([
        [0, 0],
        [10, 20],
        [30, 40],
      ]),
    ]);
    const out = model.predict([
      tf.tensor2d([
        [1, 1],
        [2, -1],
      ]),
      tf.tensor2d([[2], [1]]),
    ]) as tf.Tensor;
    expect(out.arraySync()).toEqual([
      [35, 46],
      [16, 16],
    ]);
  });

  it('an unconditional pair stays unconditional: no label input, no class head', () => {
    const d = build(msgDiscriminator as ModelDefinition, { scales: [4, 8], filters: [8, 4] });
    const g = build(msgGenerator as ModelDefinition, { scales: [4, 8], filters: [8, 4] });
    expect([takesLabels(d), hasClassHead(d), modelClasses(d), takesLabels(g), modelClasses(g)]).toEqual([
      false,
      false,
      undefined,
      false,
      undefined,
    ]);
  });
});
