import { describe, expect, it } from 'vitest';
import { patchListAttributes } from './addon-list-attributes.ts';

// The shape of tfjs-node 4.22's binding/tfjs_backend.cc around the two places the patch touches.
const SOURCE = `#include "utils.h"

inline bool IsArray(napi_env env, napi_status &nstatus, napi_value *val);

void AssignOpAttr(napi_env env, TFE_Op *tfe_op, napi_value attr_value) {
  napi_status nstatus;
  switch (tf_attr_type) {
    case TF_ATTR_STRING: {
      break;
    }
  }
}
`;

describe("the patch to tfjs-node's addon for list attributes", () => {
  it('defines the list setter before AssignOpAttr and hands it arrays before the switch on the type', () => {
    const patch = patchListAttributes(SOURCE);
    expect(patch.state).toBe('patched');
    const source = (patch as { source: string }).source;
    const at = (text: string) => source.indexOf(text);
    expect(at('static void AssignListOpAttr(')).toBeGreaterThan(at('inline bool IsArray'));
    expect(at('static void AssignListOpAttr(')).toBeLessThan(at('void AssignOpAttr('));
    expect(at('AssignListOpAttr(env, tfe_op, attr_name')).toBeGreaterThan(at('void AssignOpAttr('));
    expect(at('AssignListOpAttr(env, tfe_op, attr_name')).toBeLessThan(at('  switch (tf_attr_type) {'));
    expect(source).toContain('TFE_OpSetAttrStringList');
    expect(source).toContain('TFE_OpSetAttrTypeList');
  });

  it('leaves a patched source as it is, and says why it cannot patch another version', () => {
    const once = patchListAttributes(SOURCE) as { source: string };
    expect(patchListAttributes(once.source)).toEqual({ state: 'already' });
    const other = patchListAttributes(SOURCE.replace('  switch (tf_attr_type) {', '  switch (type) {'));
    expect(other).toEqual({ state: 'unknown', reason: expect.stringContaining('switch (tf_attr_type) {') });
  });
});
