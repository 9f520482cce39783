import { backend_util, getKernel, type DataType, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';

/** The parts of tfjs's BackendWasm our kernels use (its class is not exported). */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view of a tensor's values in the wasm heap (invalid once the heap grows: take it after makeOutput). */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  readSync(dataId: object): Float32Array;
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
}

/**
 * Calls a backend's kernel directly, inside one of ours: no engine bookkeeping, no tensors;
 * the caller releases what it creates. This is how tfjs's own backends compose kernels.
 */
export function callKernel(
  backendName: string,
  name: string,
  inputs: Record<string, TensorInfo> | TensorInfo[],
  attrs: object,
  backend: unknown,
): TensorInfo {
  const kernel = getKernel(name, backendName);
  if (!kernel) throw new Error(`${backendName} kernel ${name} is not registered`);
  return kernel.kernelFunc({
    inputs: inputs as never,
    attrs: attrs as NamedAttrMap,
    backend: backend as never,
  }) as TensorInfo;
}

export function callWasmKernel(
  name: string,
  inputs: Record<string, TensorInfo> | TensorInfo[],
  attrs: object,
  backend: WasmBackend,
): TensorInfo {
  return callKernel('wasm', name, inputs, attrs, backend);
}

export function release(backend: WasmBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** Rows (or columns) to add before and after, possibly negative (then that many are cropped instead). */
export interface Margins {
  before: number;
  after: number;
}

/**
 * Applies possibly negative margins to the H and W axes of an NHWC tensor: negative ones are
 * crops (Slice), positive ones become the explicit padding the convolution itself applies.
 * Returns the (maybe cropped) input, whether it is a new tensor, and the padding left to apply.
 */
export function cropForMargins(
  x: TensorInfo,
  rows: Margins,
  cols: Margins,
  backend: WasmBackend,
): { input: TensorInfo; owned: boolean; pad: [[0, 0], [number, number], [number, number], [0, 0]] } {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const top = Math.max(0, -rows.before);
  const bottom = Math.max(0, -rows.after);
  const left = Math.max(0, -cols.before);
  const right = Math.max(0, -cols.after);
  const pad: [[0, 0], [number, number], [number, number], [0, 0]] = [
    [0, 0],
    [Math.max(0, rows.before), Math.max(0, rows.after)],
    [Math.max(0, cols.before), Math.max(0, cols.after)],
    [0, 0],
  ];
  if (top + bottom + left + right === 0) return { input: x, owned: false, pad };
  const input = callWasmKernel(
    'Slice',
    { x },
    { begin: [0, top, left, 0], size: [n, h - top - bottom, w - left - right, c] },
    backend,
  );
  return { input, owned: true, pad };
}

type Shape4 = [number, number, number, number];

/** The geometry of the forward convolution a gradient kernel belongs to (NHWC only, as our kernels). */
export function forwardConvInfo(
  kernel: string,
  inputShape: Shape4,
  filterShape: Shape4,
  attrs: Record<string, unknown>,
): backend_util.Conv2DInfo {
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs['strides'] as [number, number],
    1, // tfjs computes conv gradients only for dilation 1
    attrs['pad'] as 'same',
    attrs['dimRoundingMode'] as 'floor' | undefined,
    false,
    backend_util.convertConv2DDataFormat((attrs['dataFormat'] as 'NHWC' | undefined) ?? 'NHWC'),
  );
  if (info.dataFormat !== 'channelsLast') throw new Error(`${kernel} on wasm supports NHWC only`);
  return info;
}
