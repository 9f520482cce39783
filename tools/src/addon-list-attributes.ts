/**
 * A patch to tfjs-node's addon source (binding/tfjs_backend.cc), applied by `npm run
 * setup:native` before it compiles the addon: op attributes that are lists of strings or of
 * types. tfjs-node passes a string or a type attribute as one value only ("Argument is not a
 * string!" for a list), which shuts out TensorFlow's fused convolution (`fused_ops` is a list
 * of strings, `TArgs` a list of types). Granular's fused convolution with bias and leaky ReLU
 * (packages/ops/src/native-kernels/fused-conv-bias-leaky.ts) needs both; every other call is
 * unchanged, since only an array where one value was expected takes the new path.
 */

/** Marks a patched source, so that a second setup:native run leaves it as it is. */
const MARKER = '// Granular: list attributes (tools/src/addon-list-attributes.ts)';

const FUNCTION_ANCHOR = 'void AssignOpAttr(napi_env env, TFE_Op *tfe_op, napi_value attr_value) {';
const SWITCH_ANCHOR = '  switch (tf_attr_type) {';

const LIST_FUNCTION = `${MARKER}
static void AssignListOpAttr(napi_env env, TFE_Op *tfe_op, const char *attr_name,
                             TF_AttrType tf_attr_type, napi_value js_value) {
  napi_status nstatus;
  uint32_t length;
  nstatus = napi_get_array_length(env, js_value, &length);
  ENSURE_NAPI_OK(env, nstatus);
  std::vector<std::string> strings(length);
  std::vector<TF_DataType> types(length);
  for (uint32_t i = 0; i < length; ++i) {
    napi_value element;
    nstatus = napi_get_element(env, js_value, i, &element);
    ENSURE_NAPI_OK(env, nstatus);
    if (tf_attr_type == TF_ATTR_STRING) {
      nstatus = GetStringParam(env, element, strings[i]);
    } else {
      nstatus = napi_get_value_int32(env, element,
                                     reinterpret_cast<int32_t *>(&types[i]));
    }
    ENSURE_NAPI_OK(env, nstatus);
  }
  if (tf_attr_type == TF_ATTR_STRING) {
    std::vector<const void *> values(length);
    std::vector<size_t> lengths(length);
    for (uint32_t i = 0; i < length; ++i) {
      values[i] = strings[i].data();
      lengths[i] = strings[i].size();
    }
    TFE_OpSetAttrStringList(tfe_op, attr_name, values.data(), lengths.data(),
                            static_cast<int>(length));
  } else {
    TFE_OpSetAttrTypeList(tfe_op, attr_name, types.data(),
                          static_cast<int>(length));
  }
}

`;

const LIST_DISPATCH = `  if ((tf_attr_type == TF_ATTR_STRING || tf_attr_type == TF_ATTR_TYPE) &&
      IsArray(env, nstatus, &js_value)) {
    AssignListOpAttr(env, tfe_op, attr_name, tf_attr_type, js_value);
    return;
  }
`;

export type ListAttributesPatch =
  { state: 'patched'; source: string } | { state: 'already' } | { state: 'unknown'; reason: string };

/** The addon source with list attributes, or why it could not be patched (another tfjs-node version). */
export function patchListAttributes(source: string): ListAttributesPatch {
  if (source.includes(MARKER)) return { state: 'already' };
  const anchors = [FUNCTION_ANCHOR, SWITCH_ANCHOR];
  const missing = anchors.filter((anchor) => source.split(anchor).length !== 2);
  if (missing.length > 0)
    return { state: 'unknown', reason: `tfjs_backend.cc does not hold exactly one '${missing[0]!.trim()}'` };
  const start = source.indexOf(FUNCTION_ANCHOR);
  const withFunction = source.slice(0, start) + LIST_FUNCTION + source.slice(start);
  const dispatch = withFunction.indexOf(SWITCH_ANCHOR, withFunction.indexOf(FUNCTION_ANCHOR));
  return {
    state: 'patched',
    source: withFunction.slice(0, dispatch) + LIST_DISPATCH + withFunction.slice(dispatch),
  };
}
