import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';

/** One attribute of a TensorFlow op call, as tfjs-node's binding takes it. */
export interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

/**
 * The parts of tfjs-node's backend our kernels and optimizer use (its class is not exported):
 * any TensorFlow op by name, with attributes typed by the binding's enums.
 */
export interface TensorFlowBackend {
  binding: {
    TF_ATTR_TYPE: number;
    TF_ATTR_FLOAT: number;
    TF_ATTR_STRING: number;
    TF_ATTR_BOOL: number;
    TF_ATTR_SHAPE: number;
    TF_ATTR_INT: number;
    TF_FLOAT: number;
  };
  executeSingleOutput(name: string, attrs: OpAttr[], inputs: TensorInfo[]): tf.Tensor;
  executeMultipleOutputs(name: string, attrs: OpAttr[], inputs: TensorInfo[], count: number): tf.Tensor[];
}

/**
 * Builders for the attributes our op calls set: float32 type parameters (one, or a list),
 * floats, booleans, strings (one, or a list), shapes, integers (one, or a list). Lists of
 * strings and of types need the addon setup:native compiles (tools/src/addon-list-attributes.ts).
 */
export function opAttrs(backend: TensorFlowBackend) {
  const { binding } = backend;
  return {
    float32Type: (name: string): OpAttr => ({ name, type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT }),
    float32Types: (name: string, count: number): OpAttr => ({
      name,
      type: binding.TF_ATTR_TYPE,
      value: Array<number>(count).fill(binding.TF_FLOAT),
    }),
    strings: (name: string, value: string[]): OpAttr => ({ name, type: binding.TF_ATTR_STRING, value }),
    integer: (name: string, value: number): OpAttr => ({ name, type: binding.TF_ATTR_INT, value }),
    float: (name: string, value: number): OpAttr => ({ name, type: binding.TF_ATTR_FLOAT, value }),
    bool: (name: string, value: boolean): OpAttr => ({ name, type: binding.TF_ATTR_BOOL, value }),
    string: (name: string, value: string): OpAttr => ({ name, type: binding.TF_ATTR_STRING, value }),
    shape: (name: string, value: number[]): OpAttr => ({ name, type: binding.TF_ATTR_SHAPE, value }),
    integers: (name: string, value: number[]): OpAttr => ({ name, type: binding.TF_ATTR_INT, value }),
  };
}
