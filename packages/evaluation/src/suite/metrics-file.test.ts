import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluationRecord } from './evaluation-record.ts';
import { dropTrainingEvaluationsAfter, readMetricsFile, recordEvaluation } from './metrics-file.ts';

function evaluation(step: number, by: EvaluationRecord['by'], swd: number): EvaluationRecord {
  const reference = { stage: 'test', dataset: 'mnist/test', size: '28×28', images: 100 };
  return {
    step,
    by,
    at: '2026-11-30T00:00:00.000Z',
    generator: 'G',
    ema: false,
    classifier: null,
    reference,
    samples: 100,
    prdc_samples: 100,
    swd_samples: 100,
    values: { swd },
  };
}

describe('metrics.json', () => {
  it('keeps every evaluation; a resume forgets those training made after its checkpoint, never those of granular eval', () => {
    const run = mkdtempSync(join(tmpdir(), 'granular-metrics-'));
    recordEvaluation(run, evaluation(100, 'training', 9));
    recordEvaluation(run, evaluation(100, 'granular eval', 8));
    recordEvaluation(run, evaluation(200, 'training', 7));
    expect(readMetricsFile(run)).toMatchObject({ step: 200, values: { swd: 7 } });

    dropTrainingEvaluationsAfter(run, 150);
    const kept = readMetricsFile(run)!;
    expect(kept.evaluations!.map((e) => [e.step, e.by])).toEqual([
      [100, 'training'],
      [100, 'granular eval'],
    ]);
    expect(kept).toMatchObject({ step: 100, values: { swd: 8 } });

    dropTrainingEvaluationsAfter(run, 0);
    expect(readMetricsFile(run)!.evaluations!.map((e) => e.by)).toEqual(['granular eval']);
    const onlyTraining = mkdtempSync(join(tmpdir(), 'granular-metrics-'));
    recordEvaluation(onlyTraining, evaluation(10, 'training', 1));
    dropTrainingEvaluationsAfter(onlyTraining, 0);
    expect(existsSync(join(onlyTraining, 'metrics.json'))).toBe(false);
  });
});
