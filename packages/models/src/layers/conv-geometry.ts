type Shape = (number | null)[];

/** What Granular's own convolution layers (ConvLeaky, SpectralConv2D) share: a square kernel and stride, NHWC. */
export interface ConvGeometry {
  filters: number;
  kernelSize: number;
  strides: number;
  padding: 'same' | 'valid';
}

/** The output shape of the convolution on an input of `shape`, as tfjs-layers computes it. */
export function convOutputShape(shape: Shape, { filters, kernelSize, strides, padding }: ConvGeometry): Shape {
  const [n, h, w] = shape;
  const side = (size: number | null) =>
    size === null
      ? null
      : padding === 'same'
        ? Math.ceil(size / strides)
        : Math.ceil((size - kernelSize + 1) / strides);
  return [n!, side(h!), side(w!), filters];
}

/** The geometry as a layer's saved config (the names tfjs's conv2d uses). */
export function convGeometryConfig({ filters, kernelSize, strides, padding }: ConvGeometry): ConvGeometry {
  return { filters, kernelSize, strides, padding };
}
