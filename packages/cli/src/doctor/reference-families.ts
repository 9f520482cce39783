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
};

export const REFERENCE_FAMILIES = Object.keys(REFERENCES);

export async function referenceFamily(name: string): Promise<Family> {
  const reference = REFERENCES[name];
  if (!reference) throw new Error(`no reference model '${name}' (there are ${REFERENCE_FAMILIES.join(', ')})`);
  const file = join(shippedPipelinesDirectory(), reference.pipeline);
  return pipelineFamily(await loadPipeline(file, builtinCatalog(), { overrides: reference.overrides ?? [] }), name);
}
