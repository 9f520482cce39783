// Run by matrix-product.test.ts in a child process started with --cpu-prof, whose SIGPROF
// interrupts the main thread every 100 µs: N dense-layer-sized products on tfjs-node, then
// "done". A product that a signal breaks corrupts the heap, and glibc aborts the process.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend/select-backend.ts';
import { matrixProduct } from '../../src/matmul/matrix-product.ts';

await selectBackend('node');
const a = tf.randomNormal([64, 784]);
const b = tf.randomNormal([784, 512]);
for (let i = 0; i < Number(process.argv[2]); i++) matrixProduct(a, b).dispose();
console.log('done');
