import type { ImageDataset } from '../datasets/image-dataset.ts';

/** A source that yields one item: a whole data set (loaded when the run pulls it, not when the stage is created). */
export function datasetSource(load: () => ImageDataset) {
  return {
    async *pull() {
      yield load();
    },
  };
}
