import { Type } from '@sinclair/typebox';

/** Height, width, channels of the images a model makes or judges (NHWC, without the batch). */
export const imageShapeParam = Type.Tuple(
  [
    Type.Integer({ minimum: 1, maximum: 1024 }),
    Type.Integer({ minimum: 1, maximum: 1024 }),
    Type.Integer({ minimum: 1, maximum: 4 }),
  ],
  {
    default: [28, 28, 1],
    description: 'image height, width, channels',
  },
);

export const outputActivationParam = Type.Union([Type.Literal('tanh'), Type.Literal('sigmoid')], {
  default: 'tanh',
  description: 'tanh for data in [-1, 1], sigmoid for [0, 1]',
});

/** Image sizes after whose block a self-attention layer is placed (SAGAN: 16 or 32). */
export const attentionParam = Type.Array(Type.Integer({ minimum: 1 }), {
  default: [],
  description: 'image sizes at which to add self-attention, e.g. [16]',
});
