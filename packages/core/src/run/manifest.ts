export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** `manifest.json`: what a person needs to trust and repeat the run. */
export interface RunManifest {
  pipeline: string;
  /** The pipeline file as given on the command line. */
  file: string;
  configHash: string;
  seed: number;
  /** Asked for (pipeline or --backend) and, once known, actually used. */
  backend: { requested: string; used?: string };
  maxSteps: number | null;
  /** The training-time budget in seconds (`--max-time`); absent in manifests written before budgets existed. */
  maxSeconds?: number | null;
  /** Seconds of training the run has done (evaluations and checkpoints not counted). */
  trainingSeconds?: number;
  node: string;
  platform: string;
  packages: Record<string, string>;
  /** The commit of the repository that holds the pipeline file (the experiment's own). */
  git: { commit: string; dirty: boolean } | null;
  /** Granular itself: its version and commit (absent in manifests written before it was recorded). */
  granular?: { version: string; commit: string | null; dirty?: boolean };
  startedAt: string;
  endedAt: string | null;
  status: RunStatus;
  steps: number;
  error: string | null;
}
