import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsFile } from '@granular/evaluation';
import { readEvents } from './run-files/read-events.ts';
import { granular } from './test-support/run-cli.ts';

const repository = join(import.meta.dirname, '..', '..', '..');
const smallGan = join(repository, 'packages', 'cli', 'test', 'fixtures', 'small-gan.yaml');

/** What a user writes in their own project: a metric, a penalty and a stage, with the public define* functions. */
const PLUGIN = `import { Type } from '@sinclair/typebox';
import * as tf from '@tensorflow/tfjs';
import { map } from 'rxjs';
import { defineStage } from '@granular/core';
import { defineMetric } from '@granular/evaluation';
import { definePenalty } from '@granular/losses';

/** |mean pixel of the real images − mean pixel of the samples|: compares pixels, so any data will do. */
export const metrics = [
  defineMetric({
    name: 'brightness_gap',
    summary: 'How far the samples’ mean brightness is from the real images’ (lower is better)',
    params: Type.Object({ scale: Type.Number({ default: 1 }) }, { additionalProperties: false }),
    needs: 'pixels',
    compute: ({ real, fake }, { scale }) => {
      const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;
      return { brightness_gap: scale * Math.abs(mean(real.images.values) - mean(fake.images.values)) };
    },
  }),
];

/** weight · E[D(G(z))²]: keeps D's outputs on samples small. */
export const penalties = [
  definePenalty({
    name: 'fake_logit_l2',
    summary: 'weight · E[D(G(z))²]',
    params: Type.Object({ weight: Type.Number({ exclusiveMinimum: 0, default: 1 }) }, { additionalProperties: false }),
    secondOrder: false,
    compute: ({ critic, fake }, { weight }) => {
      const outputs = critic(fake);
      return tf.mul(weight, tf.mean(tf.square(Array.isArray(outputs) ? outputs[0] : outputs)));
    },
  }),
];

export const stages = [
  defineStage({
    name: 'user/step-counter',
    summary: 'Counts the steps it sees and logs the count',
    params: Type.Object({}, { additionalProperties: false }),
    input: 'StepReport',
    output: 'None',
    example: '',
    create: (_, context) => {
      let seen = 0;
      return map(() => context.emit('seen', ++seen));
    },
  }),
];
`;

function pipeline(penalty: string, metric: string): string {
  return `extends: ${smallGan}
name: user-extensions
plugins: [./extensions.ts]
stages:
  d:       { with: { penalties: [{ use: ${penalty}, with: { weight: 0.5 } }] } }
  metrics: { use: eval/metrics, from: g, every: 10, with: { data: held-scaled, metrics: [swd, ${metric}], metric_params: { brightness_gap: { scale: 2 } }, samples: 64, swd_samples: 64 } }
  counter: { use: user/step-counter, from: g }
`;
}

/** A project of the user's: its own folder, Granular installed in its node_modules. */
function userProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'granular-user-'));
  symlinkSync(join(repository, 'node_modules'), join(project, 'node_modules'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-gans', type: 'module' }));
  writeFileSync(join(project, 'extensions.ts'), PLUGIN);
  mkdirSync(join(project, 'runs'));
  return project;
}

describe('a metric, a penalty and a stage from a plugin in the user’s own project', () => {
  it('are listed, validated with did-you-mean, and work end to end: the metric in metrics.json and compare, the penalty in D’s loss', async () => {
    const project = userProject();
    const file = join(project, 'gan.yaml');
    writeFileSync(file, pipeline('fake_logit_l2', 'brightness_gap'));

    const listed = await granular('stages', file);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/user\/step-counter +StepReport → None +Counts the steps .*\[plugin\]/);
    expect(listed.out).toMatch(/fake_logit_l2 +weight · E\[D\(G\(z\)\)²\]  \[plugin\]/);
    expect(listed.out).toMatch(/brightness_gap +How far .*\[plugin\]/);

    const typos = join(project, 'typos.yaml');
    writeFileSync(typos, pipeline('fake_logit_l3', 'brightness_gp'));
    const refused = await granular('validate', typos);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /typos\.yaml:5:41  unknown penalty 'fake_logit_l3'\n {4}at: stages\.d\.with\.penalties\.0\.use\n {4}hint: did you mean 'fake_logit_l2'/,
    );
    expect(refused.err).toMatch(
      /typos\.yaml:6:95  unknown metric 'brightness_gp'\n {4}at: stages\.metrics\.with\.metrics\.1\n {4}hint: did you mean 'brightness_gap'/,
    );
    expect(refused.err).not.toMatch(/^\s+at /m);

    const run = join(project, 'runs', 'with');
    const done = await granular('run', file, '--out', run, '--max-steps', '10', '--backend', 'wasm');
    expect(done.code, done.err).toBe(0);
    const logged = readEvents(run);
    expect(logged.filter((e) => e.stage === 'counter').map((e) => e.value)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );

    // The penalty is a term of D's loss: d_loss = adversarial part + the penalty, at every step.
    const at = (name: string, step: number) => logged.find((e) => e.name === name && e.step === step)!.value as number;
    for (const step of [1, 5, 10]) {
      expect(at('d_fake_logit_l2', step)).toBeGreaterThan(0);
      expect(at('d_loss', step)).toBeCloseTo(at('d_adversarial', step) + at('d_fake_logit_l2', step), 5);
    }

    const recorded = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(Object.keys(recorded.values)).toEqual(['swd_32', 'swd_16', 'swd', 'brightness_gap']);
    expect(recorded.values['brightness_gap']).toBeGreaterThan(0);
    const compared = await granular('compare', run, '--metrics', 'brightness_gap,swd');
    expect(compared.code).toBe(0);
    expect(compared.out).toContain(recorded.values['brightness_gap']!.toPrecision(4).slice(0, 5));

    // granular eval takes the plugin's metric by name too, with the stage's metric_params.
    const evaluated = await granular('eval', run, '--metrics', 'brightness_gap', '--samples', '64');
    expect(evaluated.code, evaluated.err).toBe(0);
    expect(evaluated.out).toMatch(/^brightness_gap +\d/m);
    // Its parameters are checked against its schema, at their place in the file.
    const misnamed = join(project, 'misnamed.yaml');
    writeFileSync(misnamed, pipeline('fake_logit_l2', 'brightness_gap').replace('{ scale: 2 }', '{ scael: 2 }'));
    const wrong = await granular('validate', misnamed);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(
      /misnamed\.yaml:6:\d+  stage 'metrics' \(eval\/metrics\): brightness_gap: unknown key 'scael'; did you mean 'scale'\?/,
    );
  }, 120_000);

  it('a bug in a plugin is not called a user mistake: the stack is shown, with a request to report it, exit 1', async () => {
    const project = userProject();
    writeFileSync(
      join(project, 'buggy.ts'),
      `import { Type } from '@sinclair/typebox';
import { defineStage } from '@granular/core';
export const stages = [
  defineStage({
    name: 'user/buggy',
    summary: 'its validation has a bug',
    params: Type.Object({}),
    input: 'StepReport',
    output: 'None',
    example: '',
    validate: () => (undefined as unknown as { check(): [] }).check(),
    create: () => (source) => source,
  }),
];
`,
    );
    const file = join(project, 'buggy.yaml');
    writeFileSync(
      file,
      `extends: ${smallGan}\nname: buggy\nplugins: [./buggy.ts]\nstages:\n  buggy: { use: user/buggy, from: g }\n`,
    );
    const answered = await granular('validate', file);
    expect(answered.code).toBe(1);
    expect(answered.err).toMatch(
      /^granular validate: internal error, a bug in Granular or in a plugin \(not a mistake in your pipeline\)/,
    );
    expect(answered.err).toMatch(
      /TypeError: Cannot read properties of undefined \(reading 'check'\)\n\s+at .*buggy\.ts/,
    );
  });
});
