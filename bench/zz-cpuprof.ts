import { median, referenceFamily, timeSteps } from '@granular/cli';
import { selectBackend } from '@granular/ops';
await selectBackend('node');
const family = await referenceFamily(process.argv[2] ?? 'mlp');
await timeSteps(family, 64, 20, 0);
const t = await timeSteps(family, 64, Number(process.argv[3] ?? 200), 0);
console.log('median', median(t).toFixed(1));
