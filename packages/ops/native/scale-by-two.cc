// 2 × 2 sum pooling and nearest 2× upsampling of NHWC images, each times a scale: halve is
// SumPool2x(x, 0.25), its adjoint Repeat2x(dy, 0.25); repeat2x is Repeat2x(x, 1), its adjoint
// SumPool2x(dy, 1). The scale rides along in the one pass, where TensorFlow's AvgPool,
// ResizeNearestNeighbor and their gradients need a separate Multiply over the whole tensor.
#include "kernel-support.h"
#include "parallel.h"

namespace granular {
namespace {

constexpr char kScale[] = "scale";

// Row loops over plain restrict pointers and values (see rectifier.cc). An image row here is
// one output row of one image: `row` values in, half (pooling) or four times (upsampling) out.
void pool_rows(const float* __restrict in, float* __restrict out, int64_t w, int64_t c, float scale, int64_t begin,
               int64_t end) {
  const int64_t row = w * c;
  for (int64_t image_row = begin; image_row < end; ++image_row) {
    const float* top = in + image_row * 2 * row;
    const float* bottom = top + row;
    float* o = out + image_row * (w / 2) * c;
    for (int64_t j = 0; j < w / 2; ++j) {
      const float* a = top + 2 * j * c;
      const float* b = bottom + 2 * j * c;
      for (int64_t k = 0; k < c; ++k) o[j * c + k] = ((a[k] + a[c + k]) + (b[k] + b[c + k])) * scale;
    }
  }
}

void repeat_rows(const float* __restrict in, float* __restrict out, int64_t w, int64_t c, float scale, int64_t begin,
                 int64_t end) {
  const int64_t out_row = 2 * w * c;
  for (int64_t image_row = begin; image_row < end; ++image_row) {
    const float* i = in + image_row * w * c;
    float* top = out + image_row * 2 * out_row;
    float* bottom = top + out_row;
    for (int64_t j = 0; j < w; ++j)
      for (int64_t k = 0; k < c; ++k) {
        const float v = i[j * c + k] * scale;
        top[2 * j * c + k] = v;
        top[(2 * j + 1) * c + k] = v;
      }
    for (int64_t k = 0; k < out_row; ++k) bottom[k] = top[k];
  }
}

// The NHWC image input x and its shape, or nullptr after reporting the failure.
TF_Tensor* image_input(KernelCall& call, std::vector<int64_t>* shape) {
  TF_Tensor* x = call.input(0);
  if (!x) return nullptr;
  *shape = shape_of(x);
  return shape->size() == 4 ? x : call.fail("2× scaling takes NHWC images (rank 4)");
}

void sum_pool_2x(void* kernel, TF_OpKernelContext* context) {
  KernelCall call(context);
  std::vector<int64_t> shape;
  TF_Tensor* x = image_input(call, &shape);
  if (!x) return;
  const int64_t n = shape[0], h = shape[1], w = shape[2], c = shape[3];
  if (h % 2 != 0 || w % 2 != 0) return (void)call.fail("2 × 2 pooling needs even heights and widths");
  TF_Tensor* y = call.output(0, {n, h / 2, w / 2, c});
  if (!y) return;
  const float scale = attributes_of(kernel).number;
  const float* in = values(x);
  float* out = mutable_values(y);
  parallel_for(n * (h / 2), 4 * w * c,
               [=](int64_t begin, int64_t end) { pool_rows(in, out, w, c, scale, begin, end); });
}

void repeat_2x(void* kernel, TF_OpKernelContext* context) {
  KernelCall call(context);
  std::vector<int64_t> shape;
  TF_Tensor* x = image_input(call, &shape);
  if (!x) return;
  const int64_t n = shape[0], h = shape[1], w = shape[2], c = shape[3];
  TF_Tensor* y = call.output(0, {n, 2 * h, 2 * w, c});
  if (!y) return;
  const float scale = attributes_of(kernel).number;
  const float* in = values(x);
  float* out = mutable_values(y);
  parallel_for(n * h, 4 * w * c,
               [=](int64_t begin, int64_t end) { repeat_rows(in, out, w, c, scale, begin, end); });
}

}  // namespace

bool register_scale_by_two() {
  return register_op("GranularSumPool2x", {"x: float"}, {"y: float"}, {"scale: float"}, read_float<kScale>,
                     sum_pool_2x) &&
         register_op("GranularRepeat2xScaled", {"x: float"}, {"y: float"}, {"scale: float"}, read_float<kScale>,
                     repeat_2x);
}

}  // namespace granular
