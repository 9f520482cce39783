// The input gradient of a convolution whose input is a one-channel image, dy [N, oh, ow, C]
// and W [kh, kw, 1, C] → dx [N, h, w, 1]: a generator's last transposed convolution (its
// forward pass) and a discriminator's first layer (the image gradient a G step and R1 take).
// oneDNN runs it as a GEMM with a single column, 13 GFLOP/s on the DCGAN's 5 × 5 stride-2 case
// against 250 for its other layers. Here each feature position's kh·kw taps are one small
// product with the filter across the C channels (the loop the compiler vectorizes), added
// into the image. (The forward convolution and the filter gradient of the same layers were
// written this way too and were no faster than TensorFlow's: not kept.)
//
// geometry = [kh, kw, stride_h, stride_w, pad_top, pad_left, h, w, oh, ow]: tap (a, b) of
// feature position (p, q) lands on image pixel (p·stride_h + a − pad_top, q·stride_w + b − pad_left);
// taps outside the image (TensorFlow's padding) are dropped.
#include <algorithm>
#include <string>
#include <vector>

#include "kernel-support.h"
#include "parallel.h"

namespace granular {
namespace {

constexpr char kGeometry[] = "geometry";

struct Geometry {
  int64_t kh, kw, sh, sw, top, left, h, w, oh, ow;
  int64_t taps() const { return kh * kw; }
};

bool read_geometry(KernelCall& call, void* kernel, Geometry* g) {
  const std::vector<int64_t>& v = attributes_of(kernel).integers;
  if (v.size() != 10) return call.fail("one-channel convolution gradient: geometry needs 10 integers"), false;
  for (int64_t d : v)
    if (d < 0) return call.fail("one-channel convolution gradient: negative geometry"), false;
  *g = Geometry{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]};
  if (g->kh == 0 || g->kw == 0 || g->sh == 0 || g->sw == 0)
    return call.fail("one-channel convolution gradient: empty filter or zero stride"), false;
  return true;
}

bool has_shape(KernelCall& call, TF_Tensor* tensor, const std::vector<int64_t>& shape, const char* what) {
  if (shape_of(tensor) == shape) return true;
  return call.fail(std::string("one-channel convolution gradient: ") + what + " does not match the geometry"), false;
}

// dx images [begin, end): each feature position's taps, V[k] = Σ_c dy[n, p, q, c] · W[k, c],
// added where they land. One image per task, so no two threads write the same pixel. (Tried:
// four interleaved partial sums over c, and a row transposed to run the inner loop over
// positions; both slower on the DCGAN's shapes.)
void scatter_images(const float* __restrict dy, const float* __restrict filter_by_channel, float* __restrict dx,
                    const Geometry& g, int64_t channels, int64_t begin, int64_t end) {
  const int64_t taps = g.taps();
  std::vector<float> tap_values(static_cast<size_t>(taps));
  float* __restrict v = tap_values.data();
  for (int64_t n = begin; n < end; ++n) {
    float* image = dx + n * g.h * g.w;
    std::fill(image, image + g.h * g.w, 0.0f);
    for (int64_t p = 0; p < g.oh; ++p)
      for (int64_t q = 0; q < g.ow; ++q) {
        const float* __restrict gradient = dy + ((n * g.oh + p) * g.ow + q) * channels;
        for (int64_t k = 0; k < taps; ++k) v[k] = 0.0f;
        for (int64_t c = 0; c < channels; ++c) {
          const float value = gradient[c];
          const float* __restrict w = filter_by_channel + c * taps;
          for (int64_t k = 0; k < taps; ++k) v[k] += value * w[k];
        }
        for (int64_t a = 0; a < g.kh; ++a) {
          const int64_t i = p * g.sh + a - g.top;
          if (i < 0 || i >= g.h) continue;
          for (int64_t b = 0; b < g.kw; ++b) {
            const int64_t j = q * g.sw + b - g.left;
            if (j >= 0 && j < g.w) image[i * g.w + j] += v[a * g.kw + b];
          }
        }
      }
  }
}

void one_channel_conv_backprop_input(void* kernel, TF_OpKernelContext* context) {
  KernelCall call(context);
  Geometry g;
  TF_Tensor* dy = call.input(0);
  TF_Tensor* filter = dy ? call.input(1) : nullptr;
  if (!filter || !read_geometry(call, kernel, &g)) return;
  if (TF_NumDims(dy) != 4 || TF_NumDims(filter) != 4)
    return (void)call.fail("one-channel convolution gradient: dy and the filter must be rank 4");
  const int64_t n = TF_Dim(dy, 0), channels = TF_Dim(filter, 3);
  if (!has_shape(call, dy, {n, g.oh, g.ow, channels}, "dy") ||
      !has_shape(call, filter, {g.kh, g.kw, 1, channels}, "the filter"))
    return;
  TF_Tensor* dx = call.output(0, {n, g.h, g.w, 1});
  if (!dx) return;
  // The filter as [C, taps], so that each channel's contribution to all taps is one vector.
  std::vector<float> by_channel(static_cast<size_t>(channels * g.taps()));
  const float* w = values(filter);
  for (int64_t k = 0; k < g.taps(); ++k)
    for (int64_t c = 0; c < channels; ++c) by_channel[c * g.taps() + k] = w[k * channels + c];
  const float* gradient = values(dy);
  const float* transposed = by_channel.data();
  float* out = mutable_values(dx);
  parallel_for(n, g.oh * g.ow * channels, [=](int64_t begin, int64_t end) {
    scatter_images(gradient, transposed, out, g, channels, begin, end);
  });
}

}  // namespace

bool register_one_channel_conv() {
  return register_op("GranularOneChannelConvBackpropInput", {"dy: float", "filter: float"}, {"dx: float"},
                     {"geometry: list(int)"}, read_integers<kGeometry>, one_channel_conv_backprop_input);
}

}  // namespace granular
