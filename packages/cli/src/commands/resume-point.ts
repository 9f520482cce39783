import { listBundles, verifyBundle, type CheckpointState } from '@granular/trainer';
import { readEvents } from '../run-files/read-events.ts';

/** The bounds a resumed run trains to (undefined: the pipeline's own end). */
export interface ResumeBounds {
  maxSteps: number | undefined;
  maxSeconds: number | undefined;
}

/** Where a resume continues from: a verified checkpoint, or step 0 when there is none to use. */
export interface ResumePoint {
  bundle: { directory: string; state: CheckpointState } | undefined;
  /** Why newer checkpoints were not used (damaged ones, or one written at the very end). */
  skipped: string[];
  /** Set when the newest good checkpoint is at the end of training: the step it is at. */
  endedAt: number | undefined;
}

/** The number of steps the run's data gives (its `total_steps` event), if it said so. */
function announcedSteps(runDirectory: string): number | undefined {
  const announced = readEvents(runDirectory).find(
    (event) => event.name === 'total_steps' && typeof event.value === 'number',
  );
  return announced?.value as number | undefined;
}

/** Whether a checkpoint leaves nothing to train under the bounds. */
function atTheEnd(state: CheckpointState, bounds: ResumeBounds, totalSteps: number | undefined): boolean {
  if (bounds.maxSteps !== undefined && state.step >= bounds.maxSteps) return true;
  if (totalSteps !== undefined && state.step >= totalSteps) return true;
  return bounds.maxSeconds !== undefined && (state.trainingSeconds ?? 0) >= bounds.maxSeconds;
}

/**
 * The newest checkpoint that verifies (a damaged one is skipped for the one before). A
 * checkpoint written at the end of training cannot resume an unfinished run: nothing is left to
 * train, so the end-of-run stages that did not finish (a final evaluation killed halfway) would
 * never run again. The one before it is used instead, and the last stretch is trained again;
 * steps depend only on (seed, stage, step), so it ends as the uninterrupted run did.
 */
export function resumePoint(runDirectory: string, bounds: ResumeBounds): ResumePoint {
  const skipped: string[] = [];
  const totalSteps = announcedSteps(runDirectory);
  let endedAt: number | undefined;
  for (const directory of listBundles(runDirectory)) {
    let state: CheckpointState;
    try {
      state = verifyBundle(directory);
    } catch (error) {
      skipped.push((error as Error).message);
      continue;
    }
    if (atTheEnd(state, bounds, totalSteps)) {
      endedAt ??= state.step;
      skipped.push(
        `${directory} was written at the end of training (step ${state.step}): the stages after it run again from an earlier one`,
      );
      continue;
    }
    return { bundle: { directory, state }, skipped, endedAt };
  }
  return { bundle: undefined, skipped, endedAt };
}
