import { PNG } from 'pngjs';

/**
 * Tiles images (NHWC values, `count` of them) into a rows × cols grid with a 1-pixel gap
 * and encodes it as PNG. Values are mapped from `range` to 0–255 and clipped.
 */
export function encodeImageGrid(
  values: Float32Array | number[],
  shape: { count: number; height: number; width: number; channels: number },
  grid: { rows: number; cols: number },
  range: readonly [number, number],
): Buffer {
  const { height, width, channels } = shape;
  const gap = 1;
  const png = new PNG({ width: grid.cols * (width + gap) + gap, height: grid.rows * (height + gap) + gap });
  png.data.fill(0);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  const scale = 255 / (range[1] - range[0]);
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round((v - range[0]) * scale)));
  for (let n = 0; n < Math.min(shape.count, grid.rows * grid.cols); n++) {
    const top = gap + Math.floor(n / grid.cols) * (height + gap);
    const left = gap + (n % grid.cols) * (width + gap);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const source = ((n * height + y) * width + x) * channels;
        const target = ((top + y) * png.width + left + x) * 4;
        for (let c = 0; c < 3; c++) png.data[target + c] = byte(values[source + (channels === 1 ? 0 : c)]!);
      }
    }
  }
  return PNG.sync.write(png);
}
