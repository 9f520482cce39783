// Leaky ReLU, y = x > 0 ? x : x·α (α = 0 is ReLU), and its gradient dx = x > 0 ? dy : dy·α:
// TensorFlow's LeakyRelu and LeakyReluGrad, value for value, with the work split the same way
// as the other kernels here.
#include "kernel-support.h"
#include "parallel.h"

namespace granular {
namespace {

constexpr char kAlpha[] = "alpha";

// The loops take plain restrict pointers and values: read through a lambda's captures, the
// compiler must assume the stores may change them and leaves the loop scalar and branchy.
// Each multiplies by a chosen slope, 1 or α, rather than choosing between two values: the same
// floats (v·1 is v, for −0, infinities and NaN too), and a compare, blend and multiply that
// AVX2 vectorizes, where the two-value select is left branchy without AVX-512's masks.
void leaky_values(const float* __restrict in, float* __restrict out, float alpha, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) out[i] = in[i] * (in[i] > 0.0f ? 1.0f : alpha);
}

void leaky_gradients(const float* __restrict in, const float* __restrict upstream, float* __restrict out, float alpha,
                     int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) out[i] = upstream[i] * (in[i] > 0.0f ? 1.0f : alpha);
}

void leaky_relu(void* kernel, TF_OpKernelContext* context) {
  KernelCall call(context);
  TF_Tensor* x = call.input(0);
  if (!x) return;
  TF_Tensor* y = call.output(0, shape_of(x));
  if (!y) return;
  const float alpha = attributes_of(kernel).number;
  const float* in = values(x);
  float* out = mutable_values(y);
  parallel_for(TF_TensorElementCount(x), 1,
               [=](int64_t begin, int64_t end) { leaky_values(in, out, alpha, begin, end); });
}

void leaky_relu_grad(void* kernel, TF_OpKernelContext* context) {
  KernelCall call(context);
  TF_Tensor* dy = call.input(0);
  TF_Tensor* x = dy ? call.input(1) : nullptr;
  if (!x) return;
  if (shape_of(x) != shape_of(dy)) return (void)call.fail("leaky ReLU gradient: dy and x differ in shape");
  TF_Tensor* dx = call.output(0, shape_of(x));
  if (!dx) return;
  const float alpha = attributes_of(kernel).number;
  const float* in = values(x);
  const float* upstream = values(dy);
  float* out = mutable_values(dx);
  parallel_for(TF_TensorElementCount(x), 1,
               [=](int64_t begin, int64_t end) { leaky_gradients(in, upstream, out, alpha, begin, end); });
}

}  // namespace

bool register_rectifier() {
  return register_op("GranularLeakyRelu", {"x: float"}, {"y: float"}, {"alpha: float"}, read_float<kAlpha>,
                     leaky_relu) &&
         register_op("GranularLeakyReluGrad", {"dy: float", "x: float"}, {"dx: float"}, {"alpha: float"},
                     read_float<kAlpha>, leaky_relu_grad);
}

}  // namespace granular
