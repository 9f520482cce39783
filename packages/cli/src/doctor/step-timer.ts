// Times training steps of reference models through the train/d-step and train/g-step stages
// themselves (a D step and a G step per step, the pyramid included for MSG): what
// `granular doctor` reports per backend and `npm run bench -- step-time` tabulates.
import * as tf from '@tensorflow/tfjs';
import { Subject, type OperatorFunction } from 'rxjs';
import {
  checkValue,
  contribution as coreContribution,
  createCatalog,
  paramsSchema,
  RunContext,
  type ModelDefinition,
  type StageDefinition,
} from '@granular/core';
import { makeBatch, type Batch, type PyramidBatch } from '@granular/data';
import { contribution as lossContribution } from '@granular/losses';
import { avgPoolPyramid } from '@granular/ops';
import { contribution as trainerContribution } from '@granular/trainer';

/** A G and a D to time, with the image shape D reads (see reference-families.ts: read from shipped pipelines). */
export interface Family {
  name: string;
  generator: [ModelDefinition, Record<string, unknown>];
  discriminator: [ModelDefinition, Record<string, unknown>];
  shape: [number, number, number];
  /** The D step reads pyramids of this many levels (MSG-GAN). */
  pyramidLevels?: number;
}

const TRAIN_PARAMS = {
  generator: 'G',
  discriminator: 'D',
  loss: 'non-saturating',
  loss_params: {},
  lr: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  lr_schedule: 'constant',
  lr_end: 0,
  lr_steps: 1,
  scale_weights: [],
  label_smoothing: 0,
  penalties: [],
};

/** The model's parameters with its schema's defaults filled in, as a pipeline would have them. */
function withDefaults([definition, params]: [ModelDefinition, Record<string, unknown>]): Record<string, unknown> {
  const filled = structuredClone(params);
  const problems = checkValue(paramsSchema(definition.params), filled);
  if (problems.length) throw new Error(`${definition.name}: ${problems.join('; ')}`);
  return filled;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds of each of `steps` training steps after `warmup` untimed ones, on the current backend. */
export async function timeSteps(
  family: Family,
  batchSize: number,
  steps: number,
  warmup: number,
  onStep?: (done: number, total: number) => void,
): Promise<number[]> {
  const catalog = createCatalog(coreContribution, lossContribution, trainerContribution);
  const models = new Map([
    ['G', { definition: family.generator[0], params: withDefaults(family.generator) }],
    ['D', { definition: family.discriminator[0], params: withDefaults(family.discriminator) }],
  ]);
  const context = new RunContext({ info: { ...RunContext.standalone().info, models: ['G', 'D'] }, models, catalog });
  const dStep = catalog.stages.get('train/d-step') as StageDefinition;
  const gStep = catalog.stages.get('train/g-step') as StageDefinition;
  const step = (dStep.create as (p: object, c: unknown) => OperatorFunction<Batch | PyramidBatch, unknown>)(
    TRAIN_PARAMS,
    context.forStage('d'),
  );
  const gStepOperator = (gStep.create as (p: object, c: unknown) => OperatorFunction<unknown, unknown>)(
    { ...TRAIN_PARAMS, n_critic: 1 },
    context.forStage('g'),
  );
  const input = new Subject<Batch | PyramidBatch>();
  input.pipe(step, gStepOperator).subscribe();
  const times: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const images = tf.randomUniform([batchSize, ...family.shape], -1, 1) as tf.Tensor4D;
    const batch = makeBatch(images, undefined, 0, i, [-1, 1]);
    context.advance();
    const started = performance.now();
    // The pyramid is part of the step (features/pyramid runs in the same synchronous trip).
    const levels = family.pyramidLevels ? avgPoolPyramid(images, family.pyramidLevels) : undefined;
    // Synchronous: the D step and the G step both run (and read their losses) before next() returns.
    input.next(levels ? { levels, labels: undefined, range: [-1, 1], dispose: () => tf.dispose(levels) } : batch);
    if (i >= warmup) times.push(performance.now() - started);
    onStep?.(i + 1, warmup + steps);
    if (levels) tf.dispose(levels);
    batch.dispose();
  }
  input.complete();
  for (const model of context.builtModels().values()) (model as tf.LayersModel).dispose();
  return times;
}

export function parameterCount(family: Family): number {
  const context = RunContext.standalone();
  return [family.generator, family.discriminator].reduce((sum, [definition, params]) => {
    const model = definition.create(
      withDefaults([definition, params]) as never,
      context.forStage('count'),
    ) as tf.LayersModel;
    const count = model.countParams();
    model.dispose();
    return sum + count;
  }, 0);
}

/** Layer classes counted as dense layers and as convolutions (Granular's fused and spectral ones too). */
const DENSE_LAYERS = new Set(['Dense', 'GranularSpectralDense']);
const CONVOLUTIONS = new Set(['Conv2D', 'GranularConvLeaky', 'GranularSpectralConv2D']);

/**
 * Multiply-adds ×2 of one forward pass per example, counted from the layer shapes: dense
 * in·out, convolution outH·outW·k²·in·out, transposed convolution inH·inW·k²·in·out. Other
 * layers (activations, norms, pooling, self-attention's products) are left out.
 */
export function forwardFlops(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const config = layer.getConfig() as { kernelSize?: number | number[] };
    const input = layer.inputSpec?.[0]?.shape ?? (layer.input as tf.SymbolicTensor).shape;
    const output = (Array.isArray(layer.output) ? layer.output[0]! : layer.output).shape;
    const kernel = Array.isArray(config.kernelSize)
      ? config.kernelSize
      : [config.kernelSize ?? 1, config.kernelSize ?? 1];
    const cls = layer.getClassName();
    if (DENSE_LAYERS.has(cls)) flops += 2 * input.at(-1)! * output.at(-1)!;
    else if (CONVOLUTIONS.has(cls))
      flops += 2 * output[1]! * output[2]! * kernel[0]! * kernel[1]! * input.at(-1)! * output.at(-1)!;
    else if (cls === 'Conv2DTranspose')
      flops += 2 * input[1]! * input[2]! * kernel[0]! * kernel[1]! * input.at(-1)! * output.at(-1)!;
  }
  return flops;
}

/**
 * FLOPs of one training step at a batch size: the D step runs G forward and D forward and
 * backward on real and fake batches (backward ≈ 2× forward); the G step runs G forward and
 * backward and D forward and backward to its input only (≈ 2× forward).
 */
export function stepFlops(family: Family, batch: number): number {
  const context = RunContext.standalone();
  const [g, d] = [family.generator, family.discriminator].map(([definition, params]) => {
    const model = definition.create(
      withDefaults([definition, params]) as never,
      context.forStage('flops'),
    ) as tf.LayersModel;
    const flops = forwardFlops(model);
    model.dispose();
    return flops;
  }) as [number, number];
  return batch * (g + 3 * 2 * d + 3 * g + 2 * d);
}
