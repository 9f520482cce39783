import { join } from 'node:path';
import { loadPipeline } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { shippedPipelinesDirectory } from '../shipped-pipelines.ts';
import { pipelineFamily } from './pipeline-family.ts';
import type { Family } from './step-timer.ts';

/** The models `granular doctor` and `npm run bench -- step-time` time: each a shipped pipeline's, read from its file. */
const REFERENCES: Record<string, { pipeline: string; overrides?: string[] }> = {
  mlp: { pipeline: 'mnist-mlp.yaml' },
  dcgan: { pipeline: 'mnist-dcgan.yaml' },
  // mnist-multid's generator with a plain DCGAN discriminator: the single-scale baseline at 32×32.
  dcgan32: {
    pipeline: 'mnist-multid.yaml',
    overrides: [
      'models.D.use=dcgan/discriminator',
      'models.D.with={ shape: [32, 32, 1], downsamplings: 3, filters: 64 }',
    ],
  },
  // The paper's MSG-GAN blocks: 2.60 M parameters, as dcgan32.
  msg: { pipeline: 'mnist-msg-paper.yaml' },
  multid: { pipeline: 'mnist-multid.yaml' },
  // At 64 px, for how cost grows with image size (npm run bench -- scaling): the DCGAN of
  // mnist64-dcgan, and the paper's MSG-GAN with a fifth scale (16 filters at 64 px).
  dcgan64: { pipeline: 'mnist64-dcgan.yaml' },
  msg64: {
    pipeline: 'mnist-msg-paper.yaml',
    overrides: [
      'models.G.with={ latent: 512, scales: [4, 8, 16, 32, 64], filters: [144, 80, 32, 16, 16] }',
      'models.D.with={ scales: [4, 8, 16, 32, 64], filters: [144, 80, 32, 16, 16], combine: lin_cat }',
      'stages.padded.use=preprocess/resize',
      'stages.padded.with={ size: 64 }',
      'stages.test-padded.use=preprocess/resize',
      'stages.test-padded.with={ size: 64 }',
      'stages.pyramid.with={ kind: avgpool, scales: [4, 8, 16, 32, 64] }',
    ],
  },
};

/** The DCGAN and MSG-GAN at 64 px, for the scaling bench. */
export const LARGE_REFERENCE_FAMILIES = ['dcgan64', 'msg64'];
/** The models at MNIST's size (28 or 32 px) that `granular doctor` and the step-time bench time. */
export const REFERENCE_FAMILIES = Object.keys(REFERENCES).filter((name) => !LARGE_REFERENCE_FAMILIES.includes(name));

export async function referenceFamily(name: string): Promise<Family> {
  const reference = REFERENCES[name];
  if (!reference) throw new Error(`no reference model '${name}' (there are ${REFERENCE_FAMILIES.join(', ')})`);
  const file = join(shippedPipelinesDirectory(), reference.pipeline);
  return pipelineFamily(await loadPipeline(file, builtinCatalog(), { overrides: reference.overrides ?? [] }), name);
}
