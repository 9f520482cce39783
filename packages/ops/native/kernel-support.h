// What every Granular TensorFlow kernel needs from TensorFlow's C kernel API: float inputs,
// outputs shaped like an input, float attributes, failures reported as op errors (which
// tfjs-node throws in JavaScript), and the op and kernel registration itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tensorflow/c/kernels.h"
#include "tensorflow/c/ops.h"
#include "tensorflow/c/tf_status.h"
#include "tensorflow/c/tf_tensor.h"

namespace granular {

// Owns the inputs and outputs of one kernel call; they are released when it goes out of scope.
class KernelCall {
 public:
  explicit KernelCall(TF_OpKernelContext* context) : context_(context), status_(TF_NewStatus()) {}
  ~KernelCall() {
    for (TF_Tensor* tensor : tensors_) TF_DeleteTensor(tensor);
    TF_DeleteStatus(status_);
  }
  KernelCall(const KernelCall&) = delete;
  KernelCall& operator=(const KernelCall&) = delete;

  // Input i, or nullptr after reporting the failure (the kernel must then return).
  TF_Tensor* input(int i) {
    TF_Tensor* tensor = nullptr;
    TF_GetInput(context_, i, &tensor, status_);
    if (TF_GetCode(status_) != TF_OK) return fail(TF_Message(status_));
    tensors_.push_back(tensor);
    if (TF_TensorType(tensor) != TF_FLOAT) return fail("Granular kernels take float32 tensors");
    return tensor;
  }

  // Output i with the given shape, or nullptr after reporting the failure.
  TF_Tensor* output(int i, const std::vector<int64_t>& shape) {
    int64_t count = 1;
    for (int64_t d : shape) count *= d;
    TF_Tensor* tensor = TF_AllocateOutput(context_, i, TF_FLOAT, shape.data(), static_cast<int>(shape.size()),
                                          static_cast<size_t>(count) * sizeof(float), status_);
    if (TF_GetCode(status_) != TF_OK) return fail(TF_Message(status_));
    tensors_.push_back(tensor);
    return tensor;
  }

  // Reports an invalid call as the op's error and returns nullptr, for `if (!x) return;`.
  TF_Tensor* fail(const std::string& message) {
    TF_Status* status = TF_NewStatus();
    TF_SetStatus(status, TF_INVALID_ARGUMENT, message.c_str());
    TF_OpKernelContext_Failure(context_, status);
    TF_DeleteStatus(status);
    return nullptr;
  }

 private:
  TF_OpKernelContext* context_;
  TF_Status* status_;
  std::vector<TF_Tensor*> tensors_;
};

inline std::vector<int64_t> shape_of(TF_Tensor* tensor) {
  std::vector<int64_t> shape(static_cast<size_t>(TF_NumDims(tensor)));
  for (size_t i = 0; i < shape.size(); ++i) shape[i] = TF_Dim(tensor, static_cast<int>(i));
  return shape;
}

inline const float* values(TF_Tensor* tensor) { return static_cast<const float*>(TF_TensorData(tensor)); }
inline float* mutable_values(TF_Tensor* tensor) { return static_cast<float*>(TF_TensorData(tensor)); }

// A kernel instance's attributes, read once when TensorFlow creates it (it keeps one instance
// per distinct set of attribute values): a float (an epsilon, a scale, a slope) or a list of
// integers (a convolution's geometry). `read_float<kName>` and `read_integers<kName>` read the
// attribute called kName; `read_nothing` is for ops without attributes.
struct KernelAttributes {
  float number = 0.0f;
  std::vector<int64_t> integers;
};

template <const char* kName>
void* read_float(TF_OpKernelConstruction* construction) {
  auto* attributes = new KernelAttributes();
  TF_Status* status = TF_NewStatus();
  TF_OpKernelConstruction_GetAttrFloat(construction, kName, &attributes->number, status);
  if (TF_GetCode(status) != TF_OK) TF_OpKernelConstruction_Failure(construction, status);
  TF_DeleteStatus(status);
  return attributes;
}

template <const char* kName>
void* read_integers(TF_OpKernelConstruction* construction) {
  auto* attributes = new KernelAttributes();
  TF_Status* status = TF_NewStatus();
  int32_t count = 0, total = 0;
  TF_OpKernelConstruction_GetAttrSize(construction, kName, &count, &total, status);
  if (TF_GetCode(status) == TF_OK && count > 0) {
    attributes->integers.resize(static_cast<size_t>(count));
    TF_OpKernelConstruction_GetAttrInt64List(construction, kName, attributes->integers.data(), count, status);
  }
  if (TF_GetCode(status) != TF_OK) TF_OpKernelConstruction_Failure(construction, status);
  TF_DeleteStatus(status);
  return attributes;
}

inline void* read_nothing(TF_OpKernelConstruction*) { return new KernelAttributes(); }

inline const KernelAttributes& attributes_of(void* kernel) { return *static_cast<KernelAttributes*>(kernel); }

// Registers op `name` (inputs, outputs and attributes as TensorFlow op-definition strings, e.g.
// "x: float", "epsilon: float", "geometry: list(int)") with its CPU kernel. False, with the
// reason on stderr, when TensorFlow refused either.
bool register_op(const char* name, const std::vector<const char*>& inputs, const std::vector<const char*>& outputs,
                 const std::vector<const char*>& attributes, void* (*create)(TF_OpKernelConstruction*),
                 void (*compute)(void* kernel, TF_OpKernelContext* context));

}  // namespace granular
