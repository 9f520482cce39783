/**
 * Sorts float32 values ascending, in place, by an LSD radix sort of their bit patterns (three
 * passes of 11 bits). Linear time: the sliced Wasserstein distance sorts 2 × 512 projections of
 * 131,072 descriptors per pyramid level, where TypedArray.prototype.sort took most of the time.
 * The bit patterns are first mapped so that unsigned order is numeric order (negative values
 * have all bits flipped, others their sign bit set), and mapped back at the end. No NaNs.
 *
 * Self-contained (no module-level names) because the row-sorting workers run its source text.
 */
export function radixSortFloat32(values: Float32Array, scratch: Uint32Array = new Uint32Array(values.length)): void {
  const BITS = 11;
  const BUCKETS = 1 << BITS;
  const MASK = BUCKETS - 1;
  const n = values.length;
  // Below a few thousand values clearing and scanning the 2,048 buckets costs more than a comparison sort.
  if (n < 4096) {
    values.sort();
    return;
  }
  if (scratch.length < n) throw new Error(`radix sort needs a scratch array of ${n} values, got ${scratch.length}`);
  let source = new Uint32Array(values.buffer, values.byteOffset, n);
  let target = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const bits = source[i]!;
    source[i] = bits & 0x80000000 ? ~bits : bits | 0x80000000;
  }
  const counts = new Uint32Array(BUCKETS);
  for (let shift = 0; shift < 32; shift += BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(source[i]! >>> shift) & MASK]!++;
    let offset = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const count = counts[b]!;
      counts[b] = offset;
      offset += count;
    }
    for (let i = 0; i < n; i++) {
      const bits = source[i]!;
      target[counts[(bits >>> shift) & MASK]!++] = bits;
    }
    [source, target] = [target, source];
  }
  // Three passes leave the result in the scratch array: copy it back while undoing the mapping.
  const out = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const bits = source[i]!;
    out[i] = bits & 0x80000000 ? bits & 0x7fffffff : ~bits;
  }
}
