// npm pack (prepack of @granular/core): records the commit the package is packed from, so that
// runs of an installed Granular can name it in their manifests (there is no git checkout there).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

let commit = null;
try {
  commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  // packed outside a clone: the version alone identifies it
}
writeFileSync('build-info.json', `${JSON.stringify({ commit }, null, 2)}\n`);
