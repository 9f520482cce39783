// 1 × 1, stride-1 convolutions with a single channel on one side: the multi-scale models'
// image projections (fromRGB, lin_cat's 1 × 1 of each coarser image, 1 → C channels) and
// their gradients, and the toRGB layers' gradients (C → 1). Each is a matrix product with one
// dimension of 1, an outer product or a dot product per pixel; oneDNN takes 0.3–0.7 ms per call
// on them however small (0.73 ms for [64, 4, 4, 1] → [64, 4, 4, 72], 73,728 products), which
// adds up to about 17 ms of the MSG-GAN step. Over the pixels P (every axis but the last):
//   GranularPointwiseConv               x [P, Cin], W [1, 1, Cin, Cout] → y [P, Cout]
//   GranularPointwiseConvBackpropInput  dy [P, Cout], W               → dx [P, Cin]
//   GranularPointwiseConvBackpropFilter x, dy                         → dW [1, 1, Cin, Cout]
#include <algorithm>
#include <vector>

#include "kernel-support.h"
#include "parallel.h"

namespace granular {
namespace {

// Pixels per partial sum of the filter gradient (see backprop_filter).
constexpr int64_t kBlockPixels = 256;

// Lanes of the dot product's partial sums: the compiler vectorizes across them, where one
// running sum would leave the loop scalar (a float sum may not be reordered).
constexpr int64_t kLanes = 16;

// Row loops over plain restrict pointers and values (see rectifier.cc).
void multiply_rows(const float* __restrict in, const float* __restrict filter, float* __restrict out, int64_t from,
                   int64_t to, int64_t begin, int64_t end) {
  if (to == 1) {
    // One output channel: a dot product per pixel, in kLanes partial sums added in a fixed order.
    for (int64_t p = begin; p < end; ++p) {
      const float* x = in + p * from;
      float lanes[kLanes] = {};
      int64_t i = 0;
      for (; i + kLanes <= from; i += kLanes)
        for (int64_t l = 0; l < kLanes; ++l) lanes[l] += x[i + l] * filter[i + l];
      float sum = 0.0f;
      for (int64_t l = 0; l < kLanes; ++l) sum += lanes[l];
      for (; i < from; ++i) sum += x[i] * filter[i];
      out[p] = sum;
    }
    return;
  }
  for (int64_t p = begin; p < end; ++p) {
    const float* x = in + p * from;
    float* y = out + p * to;
    for (int64_t o = 0; o < to; ++o) y[o] = 0.0f;
    for (int64_t i = 0; i < from; ++i) {
      const float value = x[i];
      const float* w = filter + i * to;
      for (int64_t o = 0; o < to; ++o) y[o] += value * w[o];
    }
  }
}

void filter_blocks(const float* __restrict x, const float* __restrict dy, float* __restrict partials, int64_t pixels,
                   int64_t in_channels, int64_t out_channels, int64_t begin, int64_t end) {
  const int64_t size = in_channels * out_channels;
  for (int64_t block = begin; block < end; ++block) {
    float* partial = partials + block * size;
    const int64_t last = std::min(pixels, (block + 1) * kBlockPixels);
    if (out_channels == 1) {
      // One output channel: the loop over the input channels is the long one.
      for (int64_t p = block * kBlockPixels; p < last; ++p) {
        const float gradient = dy[p];
        const float* value = x + p * in_channels;
        for (int64_t i = 0; i < in_channels; ++i) partial[i] += value[i] * gradient;
      }
      continue;
    }
    for (int64_t p = block * kBlockPixels; p < last; ++p)
      for (int64_t i = 0; i < in_channels; ++i) {
        const float value = x[p * in_channels + i];
        const float* gradient = dy + p * out_channels;
        float* out = partial + i * out_channels;
        for (int64_t o = 0; o < out_channels; ++o) out[o] += value * gradient[o];
      }
  }
}

// The channel counts of a 1 × 1 filter [1, 1, Cin, Cout], or false after reporting the failure.
bool pointwise_filter(KernelCall& call, const std::vector<int64_t>& shape, int64_t* in, int64_t* out) {
  if (shape.size() != 4 || shape[0] != 1 || shape[1] != 1)
    return call.fail("pointwise convolution: the filter must be [1, 1, Cin, Cout]"), false;
  *in = shape[2];
  *out = shape[3];
  return true;
}

std::vector<int64_t> with_channels(std::vector<int64_t> shape, int64_t channels) {
  shape.back() = channels;
  return shape;
}

// y = x · W, or dx = dy · Wᵀ (W transposed once, so both run the same row loop).
void multiply(TF_OpKernelContext* context, bool transposed) {
  KernelCall call(context);
  TF_Tensor* x = call.input(0);
  TF_Tensor* filter = x ? call.input(1) : nullptr;
  if (!filter) return;
  int64_t in_channels, out_channels;
  if (!pointwise_filter(call, shape_of(filter), &in_channels, &out_channels)) return;
  const int64_t from = transposed ? out_channels : in_channels, to = transposed ? in_channels : out_channels;
  const std::vector<int64_t> shape = shape_of(x);
  if (shape.empty() || shape.back() != from)
    return (void)call.fail("pointwise convolution: the last axis does not match the filter");
  TF_Tensor* y = call.output(0, with_channels(shape, to));
  if (!y) return;
  std::vector<float> transposed_filter;
  const float* w = values(filter);
  if (transposed) {
    transposed_filter.resize(static_cast<size_t>(from * to));
    for (int64_t i = 0; i < in_channels; ++i)
      for (int64_t o = 0; o < out_channels; ++o) transposed_filter[o * in_channels + i] = w[i * out_channels + o];
    w = transposed_filter.data();
  }
  const float* in = values(x);
  float* out = mutable_values(y);
  const int64_t pixels = from == 0 ? 0 : TF_TensorElementCount(x) / from;
  parallel_for(pixels, from * to,
               [=](int64_t begin, int64_t end) { multiply_rows(in, w, out, from, to, begin, end); });
}

void pointwise_conv(void*, TF_OpKernelContext* context) { multiply(context, false); }
void pointwise_conv_backprop_input(void*, TF_OpKernelContext* context) { multiply(context, true); }

void pointwise_conv_backprop_filter(void*, TF_OpKernelContext* context) {
  KernelCall call(context);
  TF_Tensor* x = call.input(0);
  TF_Tensor* dy = x ? call.input(1) : nullptr;
  if (!dy) return;
  const std::vector<int64_t> x_shape = shape_of(x), dy_shape = shape_of(dy);
  if (x_shape.empty() || x_shape.size() != dy_shape.size() ||
      !std::equal(x_shape.begin(), x_shape.end() - 1, dy_shape.begin()))
    return (void)call.fail("pointwise convolution gradient: x and dy must agree on every axis but the last");
  const int64_t in_channels = x_shape.back(), out_channels = dy_shape.back();
  TF_Tensor* dw = call.output(0, {1, 1, in_channels, out_channels});
  if (!dw) return;
  const int64_t size = in_channels * out_channels;
  const int64_t pixels = in_channels == 0 ? 0 : TF_TensorElementCount(x) / in_channels;
  // Blocks of pixels summed in float on every core, the blocks added in order in double: the
  // same result on any number of cores.
  const int64_t blocks = (pixels + kBlockPixels - 1) / kBlockPixels;
  std::vector<float> block_sums(static_cast<size_t>(blocks * size), 0.0f);
  const float *image = values(x), *gradient = values(dy);
  float* partials = block_sums.data();
  parallel_for(blocks, kBlockPixels * size, [=](int64_t begin, int64_t end) {
    filter_blocks(image, gradient, partials, pixels, in_channels, out_channels, begin, end);
  });
  std::vector<double> total(static_cast<size_t>(size), 0.0);
  for (int64_t block = 0; block < blocks; ++block)
    for (int64_t k = 0; k < size; ++k) total[k] += block_sums[block * size + k];
  float* out = mutable_values(dw);
  for (int64_t k = 0; k < size; ++k) out[k] = static_cast<float>(total[k]);
}

}  // namespace

bool register_pointwise_conv() {
  return register_op("GranularPointwiseConv", {"x: float", "filter: float"}, {"y: float"}, {}, read_nothing,
                     pointwise_conv) &&
         register_op("GranularPointwiseConvBackpropInput", {"dy: float", "filter: float"}, {"dx: float"}, {},
                     read_nothing, pointwise_conv_backprop_input) &&
         register_op("GranularPointwiseConvBackpropFilter", {"x: float", "dy: float"}, {"dw: float"}, {}, read_nothing,
                     pointwise_conv_backprop_filter);
}

}  // namespace granular
