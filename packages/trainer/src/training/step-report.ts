import { definePort } from '@granular/core';
/** What a training step passes on: scalars only (tensors stay inside the step's tidy). */
export interface StepReport {
  /** The run's step (1-based: the number of batches taken so far). */
  readonly step: number;
  readonly batchSize: number;
  /** d_loss, d_real (mean D(x)), d_fake (mean D(G(z))), g_loss… */
  readonly values: Readonly<Record<string, number>>;
  /**
   * The step's real images as D takes them (one tensor per scale). Alive only during the
   * step's synchronous trip through the graph (the G step reads them for relativistic
   * losses); never keep them.
   */
  readonly real?: readonly import('@tensorflow/tfjs').Tensor[];
  /** Their class labels when the models are class-conditional (alive as long as `real`). */
  readonly realLabels?: import('@tensorflow/tfjs').Tensor1D;
}

export const STEP_REPORT_PORT = definePort<StepReport>('StepReport');
