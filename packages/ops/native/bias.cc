// The bias add of every convolution and dense layer, y = x + b over the last axis, and its
// gradient with respect to b, the sum of dy over every other axis. TensorFlow's broadcasting
// Add and its Sum over three axes are general kernels; these are the one pass each needs.
#include <algorithm>
#include <vector>

#include "kernel-support.h"
#include "parallel.h"

namespace granular {
namespace {

// Rows per partial sum of the bias gradient (see bias_add_grad).
constexpr int64_t kBlockRows = 64;

// Row loops over plain restrict pointers and values (see rectifier.cc).
void add_rows(const float* __restrict in, const float* __restrict bias, float* __restrict out, int64_t channels,
              int64_t begin, int64_t end) {
  for (int64_t r = begin; r < end; ++r)
    for (int64_t c = 0; c < channels; ++c) out[r * channels + c] = in[r * channels + c] + bias[c];
}

void sum_blocks(const float* __restrict in, float* __restrict block_sums, int64_t rows, int64_t channels,
                int64_t begin, int64_t end) {
  for (int64_t block = begin; block < end; ++block) {
    float* sums = block_sums + block * channels;
    const int64_t last = std::min(rows, (block + 1) * kBlockRows);
    for (int64_t r = block * kBlockRows; r < last; ++r)
      for (int64_t c = 0; c < channels; ++c) sums[c] += in[r * channels + c];
  }
}

bool channels_last(KernelCall& call, TF_Tensor* x, TF_Tensor* bias) {
  const std::vector<int64_t> shape = shape_of(x);
  if (shape.empty() || TF_NumDims(bias) != 1 || TF_Dim(bias, 0) != shape.back())
    return call.fail("bias add: the bias must be a vector as long as the last axis"), false;
  return true;
}

void bias_add(void*, TF_OpKernelContext* context) {
  KernelCall call(context);
  TF_Tensor* x = call.input(0);
  TF_Tensor* bias = x ? call.input(1) : nullptr;
  if (!bias || !channels_last(call, x, bias)) return;
  TF_Tensor* y = call.output(0, shape_of(x));
  if (!y) return;
  const int64_t channels = TF_Dim(bias, 0);
  const int64_t rows = channels == 0 ? 0 : TF_TensorElementCount(x) / channels;
  const float* in = values(x);
  const float* b = values(bias);
  float* out = mutable_values(y);
  parallel_for(rows, channels,
               [=](int64_t begin, int64_t end) { add_rows(in, b, out, channels, begin, end); });
}

void bias_add_grad(void*, TF_OpKernelContext* context) {
  KernelCall call(context);
  TF_Tensor* dy = call.input(0);
  if (!dy) return;
  const std::vector<int64_t> shape = shape_of(dy);
  if (shape.empty()) return (void)call.fail("bias add gradient: dy needs a last axis");
  const int64_t channels = shape.back();
  TF_Tensor* db = call.output(0, {channels});
  if (!db) return;
  const int64_t rows = channels == 0 ? 0 : TF_TensorElementCount(dy) / channels;
  const float* in = values(dy);
  float* out = mutable_values(db);
  // Blocks of rows summed in float (the loop the compiler vectorizes, blocks spread over the
  // cores), then the blocks' sums added in order in double: the same result on any number of
  // cores, without the n·2⁻²⁴ drift of one long float sum (65,536 rows a channel at 32 × 32).
  const int64_t blocks = (rows + kBlockRows - 1) / kBlockRows;
  std::vector<float> block_sums(static_cast<size_t>(blocks * channels), 0.0f);
  float* partial = block_sums.data();
  parallel_for(blocks, kBlockRows * channels,
               [=](int64_t begin, int64_t end) { sum_blocks(in, partial, rows, channels, begin, end); });
  std::vector<double> total(static_cast<size_t>(channels), 0.0);
  for (int64_t block = 0; block < blocks; ++block)
    for (int64_t c = 0; c < channels; ++c) total[c] += block_sums[block * channels + c];
  for (int64_t c = 0; c < channels; ++c) out[c] = static_cast<float>(total[c]);
}

}  // namespace

bool register_bias() {
  return register_op("GranularBiasAdd", {"x: float", "bias: float"}, {"y: float"}, {}, read_nothing, bias_add) &&
         register_op("GranularBiasAddGrad", {"dy: float"}, {"db: float"}, {}, read_nothing, bias_add_grad);
}

}  // namespace granular
