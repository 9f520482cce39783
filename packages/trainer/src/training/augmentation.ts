import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { Type, type Static } from '@sinclair/typebox';
import { Random, sharedKey, type SharedKey, type StageContext } from '@granular/core';
import { AUGMENTATIONS, diffAugment, identityDraw, type AugmentationDraw } from '@granular/ops';
import { bundleLayout } from '../checkpoints/bundle-layout.ts';

export const augmentParams = Type.Object(
  {
    policy: Type.Array(Type.Union(AUGMENTATIONS.map((name) => Type.Literal(name))), {
      minItems: 1,
      uniqueItems: true,
      default: [...AUGMENTATIONS],
      description: 'the transforms, applied in this order (DiffAugment: color, translation, cutout)',
    }),
    probability: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 1,
      description: 'chance that each transform is applied to an example (with adaptive: where it starts)',
    }),
    translation: Type.Number({
      minimum: 0,
      maximum: 0.5,
      default: 0.125,
      description: 'largest shift, as a fraction of the side (DiffAugment: 1/8)',
    }),
    fill: Type.Number({
      minimum: -1,
      maximum: 1,
      default: 0,
      description:
        'what translation and cutout leave empty (DiffAugment: 0, mid-grey in [-1, 1]; -1 is the black background of MNIST)',
    }),
    cutout: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.5,
      description: 'side of the cut square, as a fraction of the side (DiffAugment: 1/2)',
    }),
    adaptive: Type.Optional(
      Type.Object(
        {
          target: Type.Number({
            minimum: 0,
            maximum: 1,
            default: 0.6,
            description: "the wanted E[sign D(real)]: above it D overfits and the probability rises (ADA's 0.6)",
          }),
          interval: Type.Integer({ minimum: 1, maximum: 10000, default: 4, description: 'steps between adjustments' }),
          images: Type.Integer({
            minimum: 1,
            maximum: 1e9,
            default: 100000,
            description: 'images over which the probability can move from 0 to 1 (ADA: 500,000)',
          }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      "differentiable augmentation of every image D sees (reals and G's fakes, in both steps; the same transform at every scale of a pyramid); adaptive: ADA's probability control",
  },
);

export type AugmentParams = Static<typeof augmentParams>;

/**
 * The augmentation of a D step, shared with the G step that trains against the same D (the
 * G step augments its fakes with the current probability). With `adaptive`, the probability
 * follows ADA (Karras et al. 2020): every `interval` steps it moves by
 * sign(E[sign D(real)] − target) · batch · interval / images, within [0, 1].
 */
export class Augmenter {
  #probability: number;
  #signSum = 0;
  #steps = 0;

  constructor(readonly params: AugmentParams) {
    this.#probability = params.probability;
  }

  get probability(): number {
    return this.#probability;
  }

  /** One transform per example, from `random`; every number is drawn whatever the probability, so streams never shift. */
  draw(random: Random, count: number, side: number): AugmentationDraw {
    const draw = identityDraw(count);
    const policy = new Set(this.params.policy);
    const reach = Math.floor(side * this.params.translation + 0.5);
    const cut = Math.floor(side * this.params.cutout + 0.5);
    for (let i = 0; i < count; i++) {
      const applies = { color: random.next(), translation: random.next(), cutout: random.next() };
      const on = (name: keyof typeof applies) => policy.has(name) && applies[name] < this.#probability;
      const [brightness, saturation, contrast] = [random.next(), random.next(), random.next()];
      const [shiftX, shiftY] = [random.int(2 * reach + 1) - reach, random.int(2 * reach + 1) - reach];
      // DiffAugment's cutout centre: an offset in [0, side + (1 − cut mod 2)), the square starting cut/2 before it.
      const [centreX, centreY] = [random.int(side + (1 - (cut % 2))), random.int(side + (1 - (cut % 2)))];
      if (on('color')) {
        draw.brightness[i] = brightness - 0.5;
        draw.saturation[i] = saturation * 2;
        draw.contrast[i] = contrast + 0.5;
      }
      if (on('translation')) {
        draw.shiftX[i] = shiftX / side;
        draw.shiftY[i] = shiftY / side;
      }
      if (on('cutout')) {
        const startX = centreX - Math.floor(cut / 2);
        const startY = centreY - Math.floor(cut / 2);
        draw.cutX0[i] = Math.max(0, startX / side);
        draw.cutX1[i] = Math.min(1, (startX + cut) / side);
        draw.cutY0[i] = Math.max(0, startY / side);
        draw.cutY1[i] = Math.min(1, (startY + cut) / side);
      }
    }
    return draw;
  }

  /** D's inputs (one per scale, finest first) under one draw: the same transform at every scale. */
  apply(images: readonly tf.Tensor[], draw: AugmentationDraw): tf.Tensor[] {
    return images.map((x) => diffAugment(x as tf.Tensor4D, draw, this.params.policy, this.params.fill));
  }

  /**
   * The transforms of one step's batch of `images` (one per scale, finest first), drawn from the
   * stage's stream `augment:<which>:<step>`: the same on a resume, and independent for reals and fakes.
   */
  forStep(
    context: StageContext,
    which: 'real' | 'fake',
    step: number,
    images: readonly tf.Tensor[],
  ): (inputs: readonly tf.Tensor[]) => tf.Tensor[] {
    const [count, side] = images[0]!.shape as [number, number];
    const random = Random.derive(context.run.seed, `${context.stage}:augment:${which}:${step}`);
    const draw = this.draw(random, count, side);
    return (inputs) => this.apply(inputs, draw);
  }

  /** ADA: records one step's E[sign D(real)] and adjusts the probability at the end of each interval. */
  observe(realSign: number, batch: number): void {
    const adaptive = this.params.adaptive;
    if (!adaptive) return;
    this.#signSum += realSign;
    this.#steps++;
    if (this.#steps < adaptive.interval) return;
    const heuristic = this.#signSum / this.#steps;
    const change = (Math.sign(heuristic - adaptive.target) * batch * adaptive.interval) / adaptive.images;
    this.#probability = Math.min(1, Math.max(0, this.#probability + change));
    this.#signSum = 0;
    this.#steps = 0;
  }

  /** Saved with every checkpoint (the probability and the unfinished interval), so a resume continues exactly. */
  checkpointIn(context: StageContext): void {
    const file = (bundle: string) => bundleLayout.stageState(bundle, context.stage);
    context.checkpointable(`augment:${context.stage}`, {
      save: async (bundle) => {
        mkdirSync(dirname(file(bundle)), { recursive: true });
        const state = { probability: this.#probability, signSum: this.#signSum, steps: this.#steps };
        writeFileSync(file(bundle), JSON.stringify(state));
      },
      restore: (bundle) => {
        if (!existsSync(file(bundle))) return;
        const state = JSON.parse(readFileSync(file(bundle), 'utf8')) as {
          probability: number;
          signSum: number;
          steps: number;
        };
        this.#probability = state.probability;
        this.#signSum = state.signSum;
        this.#steps = state.steps;
      },
    });
  }
}

/** Where a D step shares its augmentation with the G step that trains against the same D. */
export function augmentationOf(discriminator: string): SharedKey<Augmenter> {
  return sharedKey(`augment:${discriminator}`);
}
