import * as tf from '@tensorflow/tfjs';

type Shape = (number | null)[];

// Class lookups as one-hot products rather than gathers: tfjs's gather gradient needs
// UnsortedSegmentSum, which the wasm backend lacks, and a [n, classes] · [classes, k] product
// is as cheap at these sizes and differentiable on every backend.

/** Rows of `table` for the labels of a [n, 1] (or [n]) float column. */
function rowsFor(table: tf.Tensor, label: tf.Tensor, classes: number): tf.Tensor2D {
  const oneHot = tf.oneHot(tf.cast(tf.reshape(label, [-1]), 'int32'), classes).toFloat();
  return tf.matMul(oneHot, table as tf.Tensor2D);
}

/**
 * A learned vector per class: [n, 1] labels → [n, size]. The class embedding of conditional
 * generators (joined to z) and of projection discriminators (⟨embed(y), features⟩).
 */
export class ClassEmbedding extends tf.layers.Layer {
  static className = 'GranularClassEmbedding';
  readonly classes: number;
  readonly size: number;
  private readonly initializer: ReturnType<typeof tf.initializers.glorotUniform>;
  private table!: tf.LayerVariable;

  constructor(config: {
    classes: number;
    size: number;
    initializer?: ReturnType<typeof tf.initializers.glorotUniform>;
    name?: string;
  }) {
    super(config);
    this.classes = config.classes;
    this.size = config.size;
    this.initializer = config.initializer ?? tf.initializers.glorotUniform({});
  }

  override build(): void {
    this.table = this.addWeight('embeddings', [this.classes, this.size], 'float32', this.initializer);
    this.built = true;
  }

  override computeOutputShape(shape: Shape | Shape[]): Shape {
    return [(shape as Shape)[0]!, this.size];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => rowsFor(this.table.read(), Array.isArray(inputs) ? inputs[0]! : inputs, this.classes));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), classes: this.classes, size: this.size };
  }
}

/**
 * The class-dependent scale and shift of conditional batch norm (de Vries et al. 2017,
 * Miyato & Koyama 2018): inputs [x, label] → x · γ[label] + β[label], with γ starting at 1 and
 * β at 0 for every class, over x's last axis. Placed after a batch norm without its own scale
 * and centre. It depends on @tensorflow/tfjs only, so an exported page can load it.
 */
export class ClassAffine extends tf.layers.Layer {
  static className = 'GranularClassAffine';
  readonly classes: number;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;

  constructor(config: { classes: number; name?: string }) {
    super(config);
    this.classes = config.classes;
  }

  override build(shapes: Shape | Shape[]): void {
    const features = (shapes as Shape[])[0]!.at(-1)!;
    this.gamma = this.addWeight('gamma', [this.classes, features], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [this.classes, features], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(shapes: Shape | Shape[]): Shape {
    return (shapes as Shape[])[0]!;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, label] = inputs as tf.Tensor[];
      // [n, features] per example, broadcast over every spatial axis of x.
      const perExample = [x!.shape[0]!, ...x!.shape.slice(1, -1).map(() => 1), x!.shape.at(-1)!];
      const scale = tf.reshape(rowsFor(this.gamma.read(), label!, this.classes), perExample);
      const shift = tf.reshape(rowsFor(this.beta.read(), label!, this.classes), perExample);
      return tf.add(tf.mul(x!, scale), shift);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), classes: this.classes };
  }
}

for (const layer of [ClassEmbedding, ClassAffine]) tf.serialization.registerClass(layer);
