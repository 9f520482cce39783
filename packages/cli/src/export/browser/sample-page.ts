/// <reference lib="dom" />
// Runs in the browser: bundled by `granular export` (with @tensorflow/tfjs) into sample-page.js.
import * as tf from '@tensorflow/tfjs';
import '@granular/models/layers';

/** What `granular export` writes into generator.js beside the weights. */
export interface ExportedGenerator {
  title: string;
  latent: number;
  range: [number, number];
  rows: number;
  cols: number;
  /** A class-conditional generator's number of classes (the page then offers a class selector). */
  classes?: number;
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** The weight file, base64: the page works from file:// as well as from any static server. */
  weights: string;
}

declare global {
  interface Window {
    GRANULAR_GENERATOR: ExportedGenerator;
  }
}

/** sfc32 seeded by a number: the same seed always draws the same latents, in any browser. */
function sfc32(seed: number): () => number {
  let [a, b, c, d] = [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0];
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Standard normal latents by Box–Muller. */
function latents(seed: number, count: number): Float32Array {
  const uniform = sfc32(seed);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < count) values[i + 1] = radius * Math.sin(angle);
  }
  return values;
}

function decodeBase64(text: string): ArrayBuffer {
  const bytes = Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
  return bytes.buffer;
}

/** The class of each sample: `chosen` for all, or (chosen < 0) class r in row r, as the training grids show them. */
function classesOf(config: ExportedGenerator, chosen: number): tf.Tensor2D {
  const count = config.rows * config.cols;
  const label = (n: number) => (chosen >= 0 ? chosen : Math.floor(n / config.cols) % config.classes!);
  return tf.tensor2d(
    Float32Array.from({ length: count }, (_, n) => label(n)),
    [count, 1],
  );
}

/** The generator's samples for a seed (and class), laid out as a grid of images on the canvas (1 px border). */
async function draw(
  model: tf.LayersModel,
  config: ExportedGenerator,
  seed: number,
  chosenClass: number,
  canvas: HTMLCanvasElement,
): Promise<void> {
  const count = config.rows * config.cols;
  const images = tf.tidy(() => {
    const z = tf.tensor2d(latents(seed, count * config.latent), [count, config.latent]);
    const output = model.predict(config.classes ? [z, classesOf(config, chosenClass)] : z) as tf.Tensor | tf.Tensor[];
    const finest = (Array.isArray(output) ? output[0]! : output) as tf.Tensor4D;
    const [low, high] = config.range;
    return tf.clipByValue(tf.div(tf.sub(finest, low), high - low), 0, 1) as tf.Tensor4D;
  });
  const [, height, width, channels] = images.shape;
  const values = await images.data();
  images.dispose();
  canvas.width = config.cols * (width + 1) + 1;
  canvas.height = config.rows * (height + 1) + 1;
  const context = canvas.getContext('2d')!;
  const pixels = context.createImageData(canvas.width, canvas.height);
  pixels.data.fill(255);
  for (let n = 0; n < count; n++) {
    const [top, left] = [1 + Math.floor(n / config.cols) * (height + 1), 1 + (n % config.cols) * (width + 1)];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const source = ((n * height + y) * width + x) * channels;
        const target = ((top + y) * canvas.width + left + x) * 4;
        for (let c = 0; c < 3; c++)
          pixels.data[target + c] = Math.round(255 * values[source + (channels === 1 ? 0 : c)]!);
      }
    }
  }
  context.putImageData(pixels, 0, 0);
}

async function start(): Promise<void> {
  const config = window.GRANULAR_GENERATOR;
  const status = document.getElementById('status')!;
  try {
    // WebGL where the browser has it; the CPU backend everywhere else (a headless browser without a GPU).
    const webgl = await tf.setBackend('webgl').catch(() => false);
    if (!webgl) await tf.setBackend('cpu');
    await tf.ready();
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: config.modelTopology,
        weightSpecs: config.weightSpecs,
        weightData: decodeBase64(config.weights),
      }),
    );
    const slider = document.getElementById('seed') as HTMLInputElement;
    const label = document.getElementById('seed-value')!;
    const canvas = document.getElementById('samples') as HTMLCanvasElement;
    const selector = document.getElementById('class') as HTMLSelectElement;
    if (config.classes) {
      selector.hidden = false;
      for (let k = 0; k < config.classes; k++) selector.add(new Option(`class ${k}`, String(k)));
    }
    let drawing = Promise.resolve();
    const update = () => {
      const seed = Number(slider.value);
      const chosen = Number(selector.value);
      label.textContent = String(seed);
      drawing = drawing.then(async () => {
        await draw(model, config, seed, chosen, canvas);
        document.body.dataset['drawnSeed'] = String(seed);
        document.body.dataset['drawnClass'] = String(chosen);
      });
    };
    slider.addEventListener('input', update);
    selector.addEventListener('change', update);
    update();
    await drawing;
    status.textContent = `backend ${tf.getBackend()} · ${model.countParams().toLocaleString('en-US')} parameters`;
  } catch (error) {
    status.textContent = `could not load the generator: ${(error as Error).message}`;
    document.body.dataset['error'] = (error as Error).message;
  }
}

void start();
