/** The class a row of classifier logits names: the index of its largest value (the first of ties). */
export function predictedClass(logits: Float32Array): number {
  return logits.reduce((best, v, i) => (v > logits[best]! ? i : best), 0);
}
