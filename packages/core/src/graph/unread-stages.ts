import { PipelineError } from '../errors/pipeline-error.ts';
import { sideInputIds } from './check-references.ts';
import type { PipelineGraph } from './stage-node.ts';

/** Port types that only carry data: a stage that gives one does nothing unless another stage reads it. */

/**
 * Warnings for data stages nothing reads (neither `from:` nor a side input such as `data:`):
 * usually a typo in a `from:` elsewhere, or a stage left behind by an edit. Sinks (evaluations,
 * checkpoints) are read by no stage by design and are not warned about.
 */
export function unreadStages(graph: PipelineGraph): PipelineError[] {
  const sideInputs = sideInputIds(graph.nodes);
  return graph.nodes
    .filter(
      (node) => graph.consumers.get(node.id)!.length === 0 && !sideInputs.has(node.id) && node.definition.output.data,
    )
    .map(
      (node) =>
        new PipelineError({
          location: node.location,
          message: `stage '${node.id}' (${node.use}) gives a ${node.definition.output} that no stage reads`,
          path: node.path,
          hint: 'read it (from: or a data: parameter), or remove it (--skip to leave it out of one run)',
        }),
    );
}
