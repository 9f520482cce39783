import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '@tensorflow/tfjs';
import { opAttrs, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';

/** tfjs's NamedTensor (its package index does not re-export the type). */
type NamedTensor = { name: string; tensor: tf.Tensor };
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/**
 * tfjs's Adam, with its update as one TensorFlow op per variable on tfjs-node.
 *
 * tfjs updates each variable with 14 element-wise ops (moments, bias corrections, the step),
 * each a full pass over the parameters: 12.5 ms of the 122 ms tfjs-node DCGAN step, 33 ms of
 * MSG-GAN's. TensorFlow's ResourceApplyAdam does it in one pass (0.7 ms instead of 5.3 for
 * the DCGAN generator's 627,200-weight dense kernel), but works in place on resource
 * variables. So on tfjs-node each variable gets three: its value, and Adam's first and second
 * moments, which live only there. After each update the value is read back (no copy) and
 * assigned to the tfjs variable; when that variable has been assigned by anything else since
 * (a checkpoint restored, weights set), its new value is written to the resource first.
 *
 * The arithmetic is tfjs's (and PyTorch's): TensorFlow puts ε inside the bias-corrected
 * root, ε·√(1 − β2ᵗ), which is what it is given here. The state (iterations, moments, β
 * powers) reads and writes in tfjs's format, so checkpoints are the same on every backend.
 * Elsewhere than tfjs-node this is tfjs's AdamOptimizer unchanged.
 */

/** One variable's resources: value, first moment, second moment. */
interface Slot {
  name: string;
  value: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
  /** The tfjs variable's dataId when it last took the resource's value; another means it was assigned since. */
  syncedDataId: object | undefined;
}

/** The parts of tfjs's AdamOptimizer this class reads (private in its types). */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

let resourceCount = 0;

const onTensorFlow = () => tf.getBackend() === 'tensorflow';

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  private slots: Slot[] = [];
  /** The tfjs-node backend the resources live in (kept: disposal may come when another backend is current). */
  private node: TensorFlowBackend | undefined;

  override applyGradients(variableGradients: VariableGradients): void {
    if (!onTensorFlow()) return super.applyGradients(variableGradients);
    const node = (this.node ??= tf.backend() as unknown as TensorFlowBackend);
    const attr = opAttrs(node);
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((entry) => entry.name)
      : Object.keys(variableGradients);
    const internals = this as unknown as AdamInternals;
    tf.tidy(() => {
      // Per step, not per variable: the scalars ResourceApplyAdam takes.
      const scalars = [
        internals.accBeta1,
        internals.accBeta2,
        tf.scalar(this.learningRate),
        tf.scalar(this.beta1),
        tf.scalar(this.beta2),
        tf.mul(this.epsilon, tf.sqrt(tf.sub(1, internals.accBeta2))),
      ];
      names.forEach((name, i) => {
        const variable = tf.engine().registeredVariables[name]!;
        // Created before the gradient is looked at, as tfjs creates its moments: the state has no holes.
        const slot = this.slotFor(node, i, variable);
        const gradient = Array.isArray(variableGradients)
          ? variableGradients[i]!.tensor
          : (variableGradients as NamedTensorMap)[name];
        if (gradient == null) return;
        if (slot.syncedDataId !== variable.dataId) this.assignResource(node, slot.value, variable);
        node.executeMultipleOutputs(
          'ResourceApplyAdam',
          [attr.float32Type('T'), attr.bool('use_locking', false), attr.bool('use_nesterov', false)],
          [slot.value, slot.m, slot.v, ...scalars, gradient],
          0,
        );
        variable.assign(this.readResource(node, slot.value));
        slot.syncedDataId = variable.dataId;
      });
      internals.accBeta1.assign(tf.mul(internals.accBeta1, this.beta1));
      internals.accBeta2.assign(tf.mul(internals.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }

  /** tfjs's layout: iterations, every first moment, then every second moment. */
  override async getWeights(): Promise<NamedTensor[]> {
    const node = this.node;
    if (this.slots.length === 0 || !node) return super.getWeights();
    return [
      await this.saveIterations(),
      ...this.slots.map((slot) => ({ name: `${slot.name}/m`, tensor: this.readResource(node, slot.m) })),
      ...this.slots.map((slot) => ({ name: `${slot.name}/v`, tensor: this.readResource(node, slot.v) })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    await super.setWeights(weightValues);
    // The moments now sit in tfjs's variables; each slot is rebuilt from them at the next update.
    this.releaseSlots();
  }

  override dispose(): void {
    this.releaseSlots();
    // Moments that moved into resources left holes in tfjs's lists, which its dispose does not expect.
    const internals = this as unknown as AdamInternals;
    internals.accumulatedFirstMoment = internals.accumulatedFirstMoment.filter(Boolean);
    internals.accumulatedSecondMoment = internals.accumulatedSecondMoment.filter(Boolean);
    super.dispose();
  }

  private slotFor(node: TensorFlowBackend, index: number, variable: tf.Variable): Slot {
    const existing = this.slots[index];
    if (existing) return existing;
    const internals = this as unknown as AdamInternals;
    const [first, second] = [internals.accumulatedFirstMoment[index], internals.accumulatedSecondMoment[index]];
    const slot: Slot = {
      name: variable.name,
      value: this.newResource(node, variable.shape),
      m: this.newResource(node, variable.shape),
      v: this.newResource(node, variable.shape),
      syncedDataId: undefined,
    };
    // Moments restored by setWeights move into the resources; a new variable's start at zero.
    tf.tidy(() => {
      this.assignResource(node, slot.m, first?.variable ?? tf.zerosLike(variable));
      this.assignResource(node, slot.v, second?.variable ?? tf.zerosLike(variable));
    });
    for (const moment of [first, second]) moment?.variable.dispose();
    internals.accumulatedFirstMoment[index] = undefined;
    internals.accumulatedSecondMoment[index] = undefined;
    this.slots[index] = slot;
    return slot;
  }

  private newResource(node: TensorFlowBackend, shape: number[]): tf.Tensor {
    // A name unique to this process: TensorFlow shares resources by name.
    const attr = opAttrs(node);
    const handle = node.executeSingleOutput(
      'VarHandleOp',
      [
        attr.float32Type('dtype'),
        attr.shape('shape', shape),
        attr.string('container', ''),
        attr.string('shared_name', `granular-adam-${process.pid}-${resourceCount++}`),
      ],
      [],
    );
    return tf.keep(handle);
  }

  private assignResource(node: TensorFlowBackend, handle: tf.Tensor, value: tf.Tensor): void {
    node.executeMultipleOutputs('AssignVariableOp', [opAttrs(node).float32Type('dtype')], [handle, value], 0);
  }

  private readResource(node: TensorFlowBackend, handle: tf.Tensor): tf.Tensor {
    return node.executeSingleOutput('ReadVariableOp', [opAttrs(node).float32Type('dtype')], [handle]);
  }

  private releaseSlots(): void {
    const node = this.node;
    if (this.slots.length === 0 || !node) return;
    for (const slot of this.slots) {
      for (const handle of [slot.value, slot.m, slot.v]) {
        node.executeMultipleOutputs(
          'DestroyResourceOp',
          [opAttrs(node).bool('ignore_lookup_error', true)],
          [handle],
          0,
        );
        handle.dispose();
      }
    }
    this.slots = [];
  }
}
