import { didYouMean } from '../errors/did-you-mean.ts';
import { PipelineError } from '../errors/pipeline-error.ts';
import type { Catalog } from '../registry/catalog.ts';
import { paramsSchema, type JsonSchema } from '../schema/pipeline-schema.ts';
import { PORT_KEYWORD, REF_KEYWORD, type RefKind } from '../stage/registry-ref.ts';
import type { StageNode } from './stage-node.ts';

/** Checks every parameter declared with `registryRef` names something that exists. */
export function checkReferences(
  nodes: readonly StageNode[],
  modelNames: readonly string[],
  catalog: Catalog,
): PipelineError[] {
  const known: Record<RefKind, readonly string[]> = {
    model: modelNames,
    loss: catalog.losses.names(),
    metric: catalog.metrics.names(),
    penalty: catalog.penalties.names(),
    stage: nodes.map((node) => node.id),
  };
  const errors: PipelineError[] = [];
  for (const node of nodes) {
    const properties = (paramsSchema(node.definition.params)['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const [key, schema] of Object.entries(properties)) {
      const items = schema['items'] as JsonSchema | undefined;
      // A name, a list of names (`metrics: [fcd]`), or a list of `{ use: name, with: … }` (`penalties:`).
      const useKind = (items?.['properties'] as Record<string, JsonSchema> | undefined)?.['use']?.[REF_KEYWORD] as
        RefKind | undefined;
      const listOfUses = useKind !== undefined;
      const kind = (schema[REF_KEYWORD] ?? items?.[REF_KEYWORD] ?? useKind) as RefKind | undefined;
      if (!kind) continue;
      const value = node.params[key];
      const names = Array.isArray(value)
        ? value.map((entry: unknown) => (listOfUses ? (entry as { use?: unknown })?.use : entry))
        : [value];
      names.forEach((name, index) => {
        const path = Array.isArray(value) ? ['with', key, index, ...(listOfUses ? ['use'] : [])] : ['with', key];
        if (typeof name === 'string' && kind === 'stage' && known.stage.includes(name)) {
          const problem = sideInputProblem(node, name, schema[PORT_KEYWORD] as string | undefined, nodes);
          if (problem)
            errors.push(
              new PipelineError({
                location: node.locate(path),
                message: `stage '${node.id}': ${problem.message}`,
                path: `${node.path}.with.${key}`,
                hint: problem.hint,
              }),
            );
          return;
        }
        if (typeof name !== 'string' || known[kind].includes(name)) return;
        errors.push(
          new PipelineError({
            location: node.locate(path),
            message:
              kind === 'model'
                ? `stage '${node.id}' uses model '${name}', which the pipeline does not define`
                : kind === 'stage'
                  ? `stage '${node.id}' reads stage '${name}', which the pipeline does not have`
                  : `unknown ${kind} '${name}'`,
            path: `${node.path}.${path.join('.')}`,
            hint: didYouMean(
              name,
              known[kind],
              kind === 'model'
                ? `define it under models: (defined: ${modelNames.join(', ') || 'none'})`
                : `registered: ${known[kind].join(', ')}`,
            ),
          }),
        );
      });
    }
  }
  return errors;
}

/**
 * A side input that names the stage itself would wait for its own output (a deadlock at run
 * time); one of the wrong port type would fail there. Both are refused here.
 */
function sideInputProblem(
  node: StageNode,
  name: string,
  port: string | undefined,
  nodes: readonly StageNode[],
): { message: string; hint: string } | undefined {
  if (name === node.id)
    return {
      message: `reads its own output as '${name}'`,
      hint: 'name the stage that gives the data, such as test-scaled',
    };
  const target = nodes.find((other) => other.id === name);
  if (port && target && target.definition.output.name !== port) {
    return {
      message: `reads '${name}' (${target.use}), which gives ${target.definition.output}, where a ${port} is needed`,
      hint: `name a stage that gives a ${port}`,
    };
  }
  return undefined;
}

/** Side-input edges: which stage reads which other stage's latest output (`registryRef('stage')` parameters). */
export function sideInputEdges(nodes: readonly StageNode[]): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  for (const node of nodes) {
    const properties = (paramsSchema(node.definition.params)['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const [key, schema] of Object.entries(properties)) {
      if (schema[REF_KEYWORD] === 'stage' && typeof node.params[key] === 'string')
        edges.push({ from: node.params[key] as string, to: node.id });
    }
  }
  return edges;
}

/** Ids of the stages some stage reads as a side input. */
export function sideInputIds(nodes: readonly StageNode[]): Set<string> {
  return new Set(sideInputEdges(nodes).map((edge) => edge.from));
}
