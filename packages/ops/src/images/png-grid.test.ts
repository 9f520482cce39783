import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodeImageGrid } from './png-grid.ts';

describe('encodeImageGrid', () => {
  it('tiles images with 1-pixel gaps and maps the range to 0–255', () => {
    // Two 2×2 grey images in [-1, 1]: the first black-to-white ramp, the second all mid-grey.
    const values = [-1, -0.5, 0.5, 1, 0, 0, 0, 0];
    const png = PNG.sync.read(
      encodeImageGrid(values, { count: 2, height: 2, width: 2, channels: 1 }, { rows: 1, cols: 2 }, [-1, 1]),
    );
    expect([png.width, png.height]).toEqual([7, 4]);
    const grey = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
    expect([grey(1, 1), grey(2, 1), grey(1, 2), grey(2, 2)]).toEqual([0, 64, 191, 255]);
    expect(grey(4, 1)).toBe(128);
    expect(grey(3, 1)).toBe(0); // the gap
  });
});
