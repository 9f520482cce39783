import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline, PipelineErrors } from '@granular/core';
import { builtinCatalog } from './builtin-catalog.ts';

const msg = (models: string, stages: string) => `name: check
models:
${models}
stages:
  digits:  { use: data/mnist, with: { limit: 64 } }
  padded:  { use: preprocess/pad, from: digits, with: { size: 32 } }
  batches: { use: data/batches, from: padded, with: { size: 8 } }
  pyramid: { use: features/pyramid, from: batches }
${stages}`;

async function errorsOf(text: string): Promise<string[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'pipeline.yaml');
  writeFileSync(file, text);
  const failure = await loadPipeline(file, builtinCatalog()).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(PipelineErrors);
  return (failure as PipelineErrors).errors.map(
    (e) => `${e.location.line}:${e.location.col} ${e.message}${e.hint ? ` | ${e.hint}` : ''}`,
  );
}

/** An MLP GAN on 64 MNIST digits, its D and G steps, and the stages given (after them in the file). */
const mlpGan = (stages: string, header = '') => `name: check
${header}models:
  G: { use: mlp/generator }
  D: { use: mlp/discriminator }
stages:
  digits:  { use: data/mnist, with: { limit: 64 } }
  batches: { use: data/batches, from: digits, with: { size: 8 } }
  d:       { use: train/d-step, from: batches }
  g:       { use: train/g-step, from: d }
${stages}`;

const MSG_MODELS = `  G: { use: msg/generator }
  D: { use: msg/discriminator, with: { attention_at: [16] } }`;

describe('validation of GAN pipelines, before anything runs', () => {
  it('refuses a conditional G against an unconditional D, and class-by-class metrics of an unconditional G', async () => {
    const conditionalG = mlpGan(
      '  scores: { use: eval/metrics, from: g, with: { data: digits, metrics: [fcd] } }\n',
    ).replace('G: { use: mlp/generator }', 'G: { use: mlp/generator, with: { classes: 10 } }');
    expect(await errorsOf(conditionalG)).toEqual([
      expect.stringMatching(
        /stage 'd' \(train\/d-step\): 'G' has classes: 10, but 'D' is unconditional \| give both models the same classes:/,
      ),
    ]);
    const unconditional = mlpGan(
      '  scores: { use: eval/metrics, from: g, with: { data: digits, metrics: [fcd, label_accuracy] } }\n',
    );
    expect(await errorsOf(unconditional)).toEqual([
      expect.stringMatching(
        /label_accuracy compare class by class, but model 'G' \(mlp\/generator\) is not class-conditional \| give 'G'/,
      ),
    ]);
  });

  it('refuses a multi-scale discriminator wired to plain batches', async () => {
    const errors = await errorsOf(
      msg(MSG_MODELS, '  d: { use: train/d-step, from: batches }\n  g: { use: train/g-step, from: d }\n'),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^10:6 stage 'd' \(train\/d-step\): model 'D' \(msg\/discriminator\) judges a Pyramid, but this stage reads a Batch \| read from a features\/pyramid stage/,
      ),
    ]);
  });

  it('refuses a penalty on a discriminator whose second derivative tfjs gets wrong, at the penalty', async () => {
    const errors = await errorsOf(
      msg(
        MSG_MODELS,
        '  d: { use: train/d-step, from: pyramid, with: { penalties: [{ use: r1 }] } }\n  g: { use: train/g-step, from: d }\n',
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^10:69 stage 'd' \(train\/d-step\): r1 needs the second derivative of 'D', but tfjs 4\.22 computes the second derivative through self-attention/,
      ),
    ]);
  });

  it('answers a penalties list of the wrong type with its schema error, not a crash in the stage check (found by the fuzzer)', async () => {
    const errors = await errorsOf(
      msg(
        MSG_MODELS,
        '  d: { use: train/d-step, from: pyramid, with: { penalties: -1 } }\n  g: { use: train/g-step, from: d }\n',
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^10:61 stages\.d\.with\.penalties must be an array, but is number -1 \| terms added to D.s loss/,
      ),
    ]);
  });

  it('names unknown losses and models with suggestions', async () => {
    const errors = await errorsOf(
      msg(
        MSG_MODELS,
        '  d: { use: train/d-step, from: pyramid, with: { loss: hinj } }\n  g: { use: train/g-step, from: d, with: { generator: GG } }\n',
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^10:56 unknown loss 'hinj' \| did you mean 'hinge'\?/),
      expect.stringMatching(/^11:55 stage 'g' uses model 'GG', which the pipeline does not define \| did you mean 'G'/),
    ]);
  });

  it('refuses classifier metrics against images no shipped classifier was trained on, and a mismatched classifier', async () => {
    const evaluate = (data: string, metrics: string) =>
      mlpGan(
        `  photos:  { use: ${data} }\n  metrics: { use: eval/metrics, from: g, with: { data: photos${metrics} } }\n`,
      );
    expect(await errorsOf(evaluate(`data/image-folder, with: { path: ${JSON.stringify(tmpdir())} }`, ''))).toEqual([
      expect.stringMatching(
        /^11:48 stage 'metrics' \(eval\/metrics\): fcd, kid, prdc, modes, classifier_score cannot be computed: the mnist classifier was trained on mnist images, but the reference data comes from stage 'photos' \(data\/image-folder\).* \| no shipped classifier knows these images: keep the pixel metric only \(metrics: \[swd\]\)/,
      ),
    ]);
    expect(await errorsOf(evaluate('data/fashion-mnist', ', metrics: [fcd, swd]'))).toEqual([
      expect.stringMatching(
        /fcd cannot be computed: the mnist classifier .* \| use the classifier trained on that data: classifier: fashion-mnist/,
      ),
    ]);
    // The pixel metric alone is fine on any images.
    const file = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'pipeline.yaml');
    writeFileSync(file, evaluate(`data/image-folder, with: { path: ${JSON.stringify(tmpdir())} }`, ', metrics: [swd]'));
    await expect(loadPipeline(file, builtinCatalog())).resolves.toBeDefined();
  });

  it('lets a side input name a group instance as from: does (its output stage), or the full inner id', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'granular-gan-'));
    writeFileSync(
      join(directory, 'test-data.yaml'),
      `group: my/test-data
summary: the MNIST test split in [-1, 1]
output: scaled
stages:
  load:   { use: data/mnist, with: { split: test, limit: 64 } }
  scaled: { use: preprocess/normalize, from: load, with: { range: [-1, 1] } }
`,
    );
    const pipeline = (data: string) =>
      mlpGan(
        `  test:    { use: my/test-data }\n  judge:   { use: eval/discriminator, from: g, with: { data: ${data} } }\n`,
        'groups: [./test-data.yaml]\n',
      );
    for (const data of ['test', 'test/scaled']) {
      const file = join(directory, 'pipeline.yaml');
      writeFileSync(file, pipeline(data));
      const { graph } = await loadPipeline(file, builtinCatalog());
      expect(graph.byId.get('judge')!.params['data']).toBe('test/scaled');
    }
  });

  it('warns about a data stage nothing reads, at its line, and about nothing else', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'pipeline.yaml');
    writeFileSync(
      file,
      msg(
        MSG_MODELS,
        '  extra:   { use: data/mnist, with: { split: test, limit: 8 } }\n  d: { use: train/d-step, from: pyramid }\n  g: { use: train/g-step, from: d }\n',
      ),
    );
    const loaded = await loadPipeline(file, builtinCatalog());
    expect(loaded.warnings.map((w) => `${w.location.line}:${w.location.col} ${w.message}`)).toEqual([
      "10:3 stage 'extra' (data/mnist) gives a Dataset that no stage reads",
    ]);
  });

  it('refuses a side input that names its own stage (a deadlock at run time) or a stage of the wrong port type', async () => {
    const own = await errorsOf(
      msg(
        MSG_MODELS,
        '  d: { use: train/d-step, from: pyramid }\n  g: { use: train/g-step, from: d }\n  judge: { use: eval/discriminator, from: g, with: { data: judge } }\n',
      ),
    );
    expect(own).toEqual([
      expect.stringMatching(
        /^12:60 stage 'judge': reads its own output as 'judge' \| name the stage that gives the data/,
      ),
    ]);
    const batches = await errorsOf(
      msg(
        MSG_MODELS,
        '  d: { use: train/d-step, from: pyramid }\n  g: { use: train/g-step, from: d }\n  judge: { use: eval/discriminator, from: g, with: { data: batches } }\n',
      ),
    );
    expect(batches).toEqual([
      expect.stringMatching(
        /^12:60 stage 'judge': reads 'batches' \(data\/batches\), which gives Batch, where a Dataset is needed/,
      ),
    ]);
  });

  it('checks input folders before the run: a file or a missing folder is refused at its line', async () => {
    const folder = (path: string) => `name: check
models:
  G: { use: mlp/generator }
  D: { use: mlp/discriminator }
stages:
  photos:  { use: data/image-folder, with: { path: ${JSON.stringify(path)} } }
  batches: { use: data/batches, from: photos, with: { size: 8 } }
  d:       { use: train/d-step, from: batches }
  g:       { use: train/g-step, from: d }
`;
    const file = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'not-a-folder.png');
    writeFileSync(file, 'x');
    expect(await errorsOf(folder(file))).toEqual([
      expect.stringMatching(/^6:52 stage 'photos': path '.*not-a-folder\.png' is a file, not a folder/),
    ]);
    expect(await errorsOf(folder('./no-such-folder'))).toEqual([
      expect.stringMatching(
        /^6:52 stage 'photos': path '.*no-such-folder' does not exist \| relative paths start at the folder of the pipeline file/,
      ),
    ]);
  });

  it('refuses sizes no machine could allocate: a batch of 10^12 images, a latent of 10^9', async () => {
    const errors = await errorsOf(
      msg(
        '  G: { use: msg/generator, with: { latent: 1000000000 } }\n  D: { use: msg/discriminator }',
        '  d: { use: train/d-step, from: pyramid }\n  g: { use: train/g-step, from: d }\n',
      ).replace('with: { size: 8 }', 'with: { size: 1000000000000 }'),
    );
    expect(errors).toEqual([
      expect.stringMatching(/models\.G\.with\.latent must be <= 65536/),
      expect.stringMatching(/stages\.batches\.with\.size must be <= 65536, but is number 1000000000000/),
    ]);
  });
});
