import { stringify } from 'yaml';
import type { LoadedPipeline } from './load-pipeline.ts';

/**
 * A loaded pipeline written out whole (extends, --set, --skip and defaults applied): a run
 * directory's pipeline.yaml, and what a queued run carries to a worker on another machine.
 * Loading it again gives the same configuration hash.
 */
export function resolvedPipelineText(loaded: Pick<LoadedPipeline, 'spec' | 'file'>, by = 'granular'): string {
  return `# ${loaded.spec.name}: resolved by ${by} from ${loaded.file} (extends, --set and defaults applied)\n${stringify(loaded.spec)}`;
}
