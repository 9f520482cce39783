/**
 * How well generated samples cover the classes, from the class a classifier gives each:
 * how many classes appear at all, and the KL divergence of the class histogram from uniform
 * (0 when every class is equally frequent; log(classes) when all samples are one class).
 */
export function modeCoverage(labels: ArrayLike<number>, numClasses: number): { modes: number; klToUniform: number } {
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  let kl = 0;
  let modes = 0;
  for (const count of counts) {
    if (count === 0) continue;
    modes += 1;
    const p = count / labels.length;
    kl += p * Math.log(p * numClasses);
  }
  return { modes, klToUniform: kl };
}
