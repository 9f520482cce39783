import type * as tf from '@tensorflow/tfjs';
import { sharedKey, type SharedKey, type StageContext } from '@granular/core';

// train/ema keeps a moving average of a model's weights and shares it under this key; sample
// grids and evaluations read it. The key lives with the models so readers need no training code.

/** Where a run keeps the moving average of model `name`: samples and evaluation read it under this key. */
export function movingAverageOf(model: string): SharedKey<tf.LayersModel> {
  return sharedKey(`ema:${model}`);
}

/** The moving average of `model` if the pipeline keeps one, else the model itself. */
export function modelOrEma(context: StageContext, model: string, preferEma: boolean): tf.LayersModel {
  const average = preferEma ? context.shared(movingAverageOf(model)) : undefined;
  return average ?? context.model<tf.LayersModel>(model);
}
