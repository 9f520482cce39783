// npm pack of @granular/cli: `copy` (prepack) puts the repository's pipelines into the package,
// so that an installed Granular can run and extend them by name (granular:NAME); `remove`
// (postpack) takes them out of the work tree again.
import { cpSync, rmSync } from 'node:fs';

const target = 'pipelines';
rmSync(target, { recursive: true, force: true });
if (process.argv[2] === 'copy') cpSync('../../pipelines', target, { recursive: true });
