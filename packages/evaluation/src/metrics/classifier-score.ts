import type { FeatureRows } from '../linear-algebra/feature-statistics.ts';

/** Row-wise softmax in float64, shifted by the row maximum for stability. */
function softmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]!);
  const out = Float64Array.from({ length: row.length }, (_, i) => Math.exp(row[i]! - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

/**
 * The classifier ("Inception") score (Salimans et al. 2016) from a classifier's logits:
 * exp(E_x KL(p(y|x) ‖ p(y))), natural logarithm. 1 means every sample gets the same class
 * distribution; the number of classes is the maximum (confident and diverse).
 */
export function classifierScore(logits: FeatureRows): number {
  const conditionals = Array.from({ length: logits.length }, (_, n) => softmax(logits[n]!));
  const classes = conditionals[0]!.length;
  const marginal = new Float64Array(classes);
  for (const p of conditionals) for (let c = 0; c < classes; c++) marginal[c]! += p[c]! / conditionals.length;
  let meanKl = 0;
  for (const p of conditionals) {
    let kl = 0;
    for (let c = 0; c < classes; c++) if (p[c]! > 0) kl += p[c]! * (Math.log(p[c]!) - Math.log(marginal[c]!));
    meanKl += kl / conditionals.length;
  }
  return Math.exp(meanKl);
}
