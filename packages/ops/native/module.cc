// The Node module tfjs-node's process loads to add Granular's kernels to TensorFlow's op
// registry (packages/ops/src/backend/native-kernels.ts). Built by `npm run setup:native`
// against the same libtensorflow_framework that tfjs-node links, so both share one registry;
// tfjs-node then runs these ops by name like any TensorFlow op.
#include <cstdio>
#include <mutex>

#include "kernel-support.h"

namespace granular {

bool register_pixel_norm();
bool register_scale_by_two();
bool register_bias();
bool register_rectifier();
bool register_one_channel_conv();
bool register_pointwise_conv();

static void delete_attributes(void* kernel) { delete static_cast<KernelAttributes*>(kernel); }

bool register_op(const char* name, const std::vector<const char*>& inputs, const std::vector<const char*>& outputs,
                 const std::vector<const char*>& attributes, void* (*create)(TF_OpKernelConstruction*),
                 void (*compute)(void* kernel, TF_OpKernelContext* context)) {
  TF_Status* status = TF_NewStatus();
  TF_OpDefinitionBuilder* op = TF_NewOpDefinitionBuilder(name);
  for (const char* input : inputs) TF_OpDefinitionBuilderAddInput(op, input);
  for (const char* output : outputs) TF_OpDefinitionBuilderAddOutput(op, output);
  for (const char* attribute : attributes) TF_OpDefinitionBuilderAddAttr(op, attribute);
  TF_RegisterOpDefinition(op, status);  // takes ownership of the builder
  bool ok = TF_GetCode(status) == TF_OK;
  if (ok) {
    TF_KernelBuilder* kernel = TF_NewKernelBuilder(name, "CPU", create, compute, delete_attributes);
    TF_RegisterKernelBuilder(name, kernel, status);  // takes ownership of the builder
    ok = TF_GetCode(status) == TF_OK;
  }
  if (!ok) std::fprintf(stderr, "granular kernels: %s: %s\n", name, TF_Message(status));
  TF_DeleteStatus(status);
  return ok;
}

}  // namespace granular

// Node calls this once per JavaScript environment (main thread, each worker) that loads the
// module; TensorFlow's registry is per process, so the ops are registered only the first time.
extern "C" __attribute__((visibility("default"))) void* napi_register_module_v1(void* /*env*/, void* exports) {
  static std::once_flag once;
  std::call_once(once, [] {
    for (bool (*register_family)() : {granular::register_pixel_norm, granular::register_scale_by_two,
                                      granular::register_bias, granular::register_rectifier,
                                      granular::register_one_channel_conv, granular::register_pointwise_conv})
      if (!register_family()) return;  // the reason is on stderr; the JavaScript side's probe then finds the ops missing
  });
  return exports;
}
