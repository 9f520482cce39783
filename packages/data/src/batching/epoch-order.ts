import { Random } from '@granular/core';

/**
 * The order of examples in an epoch: a permutation drawn from a stream named after the epoch,
 * so that epoch e's order depends only on (seed, stage, e). A run resumed at epoch e, batch b
 * sees exactly the batches an uninterrupted run would.
 */
export function epochOrder(count: number, shuffle: boolean, seed: number, stream: string, epoch: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  if (!shuffle) return order;
  const random = Random.derive(seed, `${stream}:epoch:${epoch}`);
  for (let i = count - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/** How many batches an epoch yields. */
export function batchesPerEpoch(count: number, size: number, dropRemainder: boolean): number {
  return dropRemainder ? Math.floor(count / size) : Math.ceil(count / size);
}
