type Shape = (number | null)[];

/** The output shape of a 2-D convolution (NHWC, square kernel and stride) on an input of `shape`, as tfjs-layers computes it. */
export function convOutputShape(
  shape: Shape,
  {
    filters,
    kernelSize,
    strides,
    padding,
  }: { filters: number; kernelSize: number; strides: number; padding: 'same' | 'valid' },
): Shape {
  const [n, h, w] = shape;
  const side = (size: number | null) =>
    size === null
      ? null
      : padding === 'same'
        ? Math.ceil(size / strides)
        : Math.ceil((size - kernelSize + 1) / strides);
  return [n!, side(h!), side(w!), filters];
}
