import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { granular } from '../test-support/run-cli.ts';

describe('granular doctor', () => {
  it('lists every backend with whether it loads, and times a step on each that does', async () => {
    const { code, out } = await granular('doctor', '--steps', '1');
    expect(code).toBe(0);
    expect(out).toMatch(/^Node v\d+\.\d+\.\d+ on \w+-\w+, \d+ cores/);
    // wasm and cpu ship with the project; node only where tfjs-node and its library are installed.
    // One thread per core (up to 8), each of them used: the threaded build runs in Node.
    const threads = Math.min(availableParallelism(), 8);
    const threadText =
      threads === 1
        ? '1 thread \\(GRANULAR_WASM_THREADS sets more\\)'
        : `${threads} threads for XNNPACK's operators \\(GRANULAR_WASM_THREADS\\)`;
    expect(out).toMatch(
      new RegExp(`^wasm {2}loads: @tensorflow/tfjs-backend-wasm 4\\.22\\.0; SIMD (on|off); ${threadText}$`, 'm'),
    );
    expect(out).toMatch(/^cpu {3}loads: @tensorflow\/tfjs-backend-cpu 4\.22\.0/m);
    expect(out).toMatch(/^node {2}(loads|does not load)/m);
    const times = [...out.matchAll(/^ {6}(mlp|dcgan) +batch 64: +(\d+) ms per step/gm)].map((m) => Number(m[2]));
    expect(times.length).toBeGreaterThanOrEqual(3); // mlp and dcgan on wasm, mlp on cpu
    for (const ms of times) expect(ms).toBeGreaterThan(0);
    expect(out).toMatch(/^backend: auto picks (node|wasm)/m);
  }, 120_000);
});

describe('the reference models the step timer times', () => {
  it('are read from the shipped pipelines, with their parameters and image shape', async () => {
    const { loadPipeline } = await import('@granular/core');
    const { builtinCatalog } = await import('../builtin-catalog.ts');
    const { referenceFamily, REFERENCE_FAMILIES } = await import('./reference-families.ts');
    expect(REFERENCE_FAMILIES).toEqual(['mlp', 'dcgan', 'dcgan32', 'msg', 'multid']);
    const paper = await loadPipeline(
      new URL('../../../../pipelines/mnist-msg-paper.yaml', import.meta.url).pathname,
      builtinCatalog(),
    );
    const msg = await referenceFamily('msg');
    expect(msg.generator[1]).toEqual(paper.models.get('G')!.params);
    expect(msg.discriminator[1]).toEqual(paper.models.get('D')!.params);
    expect([msg.shape, msg.pyramidLevels]).toEqual([[32, 32, 1], 4]);
    const plain = await referenceFamily('dcgan32');
    expect([plain.discriminator[0].name, plain.discriminator[1]['downsamplings'], plain.shape]).toEqual([
      'dcgan/discriminator',
      3,
      [32, 32, 1],
    ]);
    await expect(referenceFamily('vgg')).rejects.toThrow(
      /no reference model 'vgg' \(there are mlp, dcgan, dcgan32, msg, multid\)/,
    );
  });
});

describe('the step timer’s FLOP count', () => {
  // The DCGAN D of mnist-dcgan.yaml, by hand: 5×5 stride-2 convolutions 28 → 14 px (1 → 64
  // channels) and 14 → 7 px (64 → 128), then one dense output from 7·7·128.
  const byHand = 2 * (14 * 14 * 25 * 1 * 64 + 7 * 7 * 25 * 64 * 128 + 7 * 7 * 128);

  it.each([
    ['plain (its convolutions fused with the leaky ReLU)', false],
    ['with spectral norm', true],
  ])('counts every multiply-add of the DCGAN discriminator, %s', async (_, spectral) => {
    const tf = await import('@tensorflow/tfjs');
    const { checkValue, paramsSchema, RunContext } = await import('@granular/core');
    const { dcganDiscriminator } = await import('@granular/models');
    const { forwardFlops } = await import('./step-timer.ts');
    await tf.setBackend('cpu');
    const params = { shape: [28, 28, 1], downsamplings: 2, filters: 64, spectral_norm: spectral };
    expect(checkValue(paramsSchema(dcganDiscriminator.params), params)).toEqual([]); // fills the defaults
    const d = dcganDiscriminator.create(
      params as never,
      RunContext.standalone().forStage('flops'),
    ) as import('@tensorflow/tfjs').LayersModel;
    expect(forwardFlops(d)).toBe(byHand);
    d.dispose();
  });
});
