import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunEvent } from '@granular/core';
import { bundleLayout, bundleName } from '@granular/trainer';
import { isBookkeeping, readEvents } from '../run-files/read-events.ts';

/** Where two runs first part ways. */
export interface RunDifference {
  what: 'event' | 'weights' | 'checkpoint' | 'metrics';
  /** The step it concerns, for ordering differences (none for metrics.json). */
  step?: number;
  /** Human-readable place: `step 12, d.d_loss` or `step 20, models/G: dense_Dense1/kernel`. */
  where: string;
  detail: string;
}

export interface RunOutputComparison {
  identical: boolean;
  events: number;
  /** Checkpoint steps whose weight files were compared byte for byte. */
  checkpoints: number[];
  first?: RunDifference;
}

interface Tensor {
  name: string;
  shape: number[];
  dtype: string;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * The events that are outputs of the computation: time stamps and the run's own bookkeeping
 * (its directory; the run length, announced again by a resumed run) are left out. Ordered by
 * (step, stage, name) with a stable sort, so asynchronous stages that log in a different
 * interleaving still agree.
 */
export function comparableEvents(directory: string): RunEvent[] {
  return readEvents(directory)
    .filter((event) => !isBookkeeping(event))
    .sort((a, b) => a.step - b.step || a.stage.localeCompare(b.stage) || a.name.localeCompare(b.name));
}

function compareEvents(a: RunEvent[], b: RunEvent[]): RunDifference | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) {
      const extra = (x ?? y)!;
      return {
        what: 'event',
        step: extra.step,
        where: `step ${extra.step}, ${extra.stage}.${extra.name}`,
        detail: `only the ${x ? 'original' : 'repeated'} run logged it`,
      };
    }
    if (x.step !== y.step || x.stage !== y.stage || x.name !== y.name) {
      return {
        what: 'event',
        step: x.step,
        where: `step ${x.step}, ${x.stage}.${x.name}`,
        detail: `the repeated run logged step ${y.step}, ${y.stage}.${y.name} instead`,
      };
    }
    if (JSON.stringify(x.value) !== JSON.stringify(y.value)) {
      return {
        what: 'event',
        step: x.step,
        where: `step ${x.step}, ${x.stage}.${x.name}`,
        detail: `${JSON.stringify(x.value)} ≠ ${JSON.stringify(y.value)}`,
      };
    }
  }
  return undefined;
}

function checkpointSteps(directory: string): number[] {
  const root = join(directory, 'checkpoints');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => /^step-(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

/** The tensors a weight file holds, in order: from the model's weightsManifest or the optimizer's spec list. */
function tensorsOf(specFile: string): Tensor[] {
  if (!existsSync(specFile)) return [];
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as Tensor[] | { weightsManifest: { weights: Tensor[] }[] };
  return Array.isArray(spec) ? spec : spec.weightsManifest.flatMap((group) => group.weights);
}

/** Names the first tensor whose bytes differ, with the largest absolute difference in it. */
function firstDifferingTensor(a: Buffer, b: Buffer, tensors: Tensor[]): string {
  let offset = 0;
  for (const tensor of tensors) {
    const length = tensor.shape.reduce((n, d) => n * d, 1) * (BYTES[tensor.dtype] ?? 4);
    if (!a.subarray(offset, offset + length).equals(b.subarray(offset, offset + length))) {
      if (tensor.dtype !== 'float32') return `${tensor.name} (${tensor.dtype}) differs`;
      const x = new Float32Array(a.buffer.slice(a.byteOffset + offset, a.byteOffset + offset + length));
      const y = new Float32Array(b.buffer.slice(b.byteOffset + offset, b.byteOffset + offset + length));
      let largest = 0;
      for (let i = 0; i < x.length; i++) largest = Math.max(largest, Math.abs(x[i]! - y[i]!));
      return `${tensor.name} differs, largest |Δ| ${largest.toExponential(2)}`;
    }
    offset += length;
  }
  return a.length === b.length ? 'the bytes differ' : `${a.length} bytes ≠ ${b.length} bytes`;
}

/** Every weight file of a checkpoint (models, their moving averages, optimizer states) with the file naming its tensors. */
function weightFiles(bundle: string): { file: string; spec: string }[] {
  const files: { file: string; spec: string }[] = [];
  const models = bundleLayout.models(bundle);
  if (existsSync(models))
    for (const name of readdirSync(models).sort()) {
      const folder = relative(bundle, join(models, name));
      files.push({ file: join(folder, 'weights.bin'), spec: join(folder, 'model.json') });
    }
  const optimizers = bundleLayout.optimizers(bundle);
  if (existsSync(optimizers))
    for (const name of readdirSync(optimizers)
      .filter((n) => n.endsWith('.bin'))
      .sort()) {
      const stem = relative(bundle, join(optimizers, name.slice(0, -'.bin'.length)));
      files.push({ file: `${stem}.bin`, spec: `${stem}.json` });
    }
  return files;
}

function compareCheckpoint(original: string, repeated: string, step: number): RunDifference | undefined {
  const name = bundleName(step);
  const a = join(original, 'checkpoints', name);
  const b = join(repeated, 'checkpoints', name);
  if (!existsSync(b))
    return { what: 'checkpoint', step, where: `step ${step}`, detail: 'the repeated run has no checkpoint here' };
  for (const { file, spec } of weightFiles(a)) {
    if (!existsSync(join(b, file)))
      return { what: 'weights', step, where: `step ${step}, ${file}`, detail: 'missing in the repeated run' };
    const x = readFileSync(join(a, file));
    const y = readFileSync(join(b, file));
    if (!x.equals(y))
      return {
        what: 'weights',
        step,
        where: `step ${step}, ${file}`,
        detail: firstDifferingTensor(x, y, tensorsOf(join(a, spec))),
      };
  }
  return undefined;
}

/** The repeated run's own evaluations against the original's (which `granular eval` may have added to since). */
function compareMetricsFiles(original: string, repeated: string): RunDifference | undefined {
  const read = (directory: string) =>
    existsSync(join(directory, 'metrics.json'))
      ? (JSON.parse(readFileSync(join(directory, 'metrics.json'), 'utf8')) as {
          step: number;
          values: Record<string, number>;
        })
      : undefined;
  const [a, b] = [read(original), read(repeated)];
  if (!b) return a ? { what: 'metrics', where: 'metrics.json', detail: 'the repeated run wrote none' } : undefined;
  for (const [name, value] of Object.entries(b.values)) {
    if (a?.values[name] !== value)
      return { what: 'metrics', where: `metrics.json ${name}`, detail: `${a?.values[name] ?? 'absent'} ≠ ${value}` };
  }
  return undefined;
}

/**
 * Compares what two runs of the same pipeline produced: their logged values (in step order),
 * metrics.json, and the bytes of every weight file of every checkpoint the original kept.
 * Reports the first difference in step order, the events first within a step.
 */
export function compareRunOutputs(original: string, repeated: string): RunOutputComparison {
  const eventsA = comparableEvents(original);
  const eventsB = comparableEvents(repeated);
  const steps = checkpointSteps(original);
  const differences: RunDifference[] = [];
  const eventDifference = compareEvents(eventsA, eventsB);
  if (eventDifference) differences.push(eventDifference);
  for (const step of steps) {
    const difference = compareCheckpoint(original, repeated, step);
    if (difference) {
      differences.push(difference);
      break;
    }
  }
  const metricsDifference = compareMetricsFiles(original, repeated);
  if (metricsDifference) differences.push(metricsDifference);
  differences.sort((x, y) => (x.step ?? Infinity) - (y.step ?? Infinity));
  return {
    identical: differences.length === 0,
    events: eventsA.length,
    checkpoints: steps,
    ...(differences[0] ? { first: differences[0] } : {}),
  };
}
