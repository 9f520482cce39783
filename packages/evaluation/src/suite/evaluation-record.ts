import type { ClassifierName } from '../classifiers/shipped-classifiers.ts';

/** Where an evaluation's real images came from: a stage of the run's pipeline and the data set it gave. */
export interface ReferenceData {
  /** The stage that gave the images (`test-scaled`). */
  stage: string;
  /** The data set's own name (`mnist/test`, `folder:/home/me/photos`) and image size (`28×28`). */
  dataset: string;
  size: string;
  /** How many real images the classifier metrics compared with. */
  images: number;
}

/**
 * One evaluation as metrics.json keeps it: the numbers and everything they depend on, so that
 * numbers computed differently are never mistaken for each other.
 */
export interface EvaluationRecord {
  step: number;
  /** `training`: the pipeline's eval/metrics stage; `granular eval`: evaluated afterwards from a checkpoint. */
  by: 'training' | 'granular eval';
  /** ISO time of the evaluation. */
  at: string;
  generator: string;
  /** Whether the generator's moving average was evaluated. */
  ema: boolean;
  /** The checkpoint's step, when evaluated from one. */
  checkpoint?: number;
  /** The classifier whose features FCD, KID, PRDC and modes compare; null when only pixel metrics ran. */
  classifier: ClassifierName | null;
  reference: ReferenceData;
  samples: number;
  prdc_samples: number;
  swd_samples: number;
  values: Record<string, number>;
}

/**
 * What two evaluations must share for their numbers to be compared: the classifier, the real
 * images and how many samples each metric used. Step, time and checkpoint may differ.
 */
export function comparableAs(
  record: Pick<EvaluationRecord, 'classifier' | 'reference' | 'samples' | 'prdc_samples' | 'swd_samples'>,
): string {
  const { classifier, reference } = record;
  const source = `${reference.dataset} at ${reference.size} ('${reference.stage}', ${reference.images} images)`;
  return `${classifier ?? 'no'} classifier · ${source} · ${record.samples} samples, PRDC ${record.prdc_samples}, SWD ${record.swd_samples}`;
}
