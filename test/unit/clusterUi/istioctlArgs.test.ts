import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkIstioctlArgs } from '../../../client/src/istioctlArgs';

describe('checkIstioctlArgs: only kube-inject inputs reach istioctl', () => {
  test('input flags with their values pass, as separate arguments or with =', () => {
    const args = ['--meshConfigFile', 'mesh.yaml', '--injectConfigFile=inject.yaml', '--valuesFile', 'values.json', '-r', 'canary', '--istioNamespace=istio-system'];
    assert.deepEqual(checkIstioctlArgs(args), { ok: true, args });
    assert.deepEqual(checkIstioctlArgs([]), { ok: true, args: [] });
  });

  test('anything else is refused with a message naming the argument', () => {
    for (const [args, named] of [
      [['--kubeconfig', '/tmp/evil'], '"--kubeconfig"'],
      [['--meshConfigFile', 'mesh.yaml', '--context=prod'], '"--context"'],
      [['-o', 'json'], '"-o"'],
      [['-f', 'other.yaml'], '"-f"'],
    ] as const) {
      const r = checkIstioctlArgs(args);
      assert.equal(r.ok, false, JSON.stringify(args));
      assert.ok(!r.ok && r.message.includes(`the argument ${named} is not one of kube-inject's inputs`), !r.ok ? r.message : '');
      assert.ok(!r.ok && r.message.endsWith('Remove it from istio.istioctl.args in your user settings.'));
    }
  });

  test('a flag without its value, a value where a flag belongs, and a non-list are refused', () => {
    const missing = checkIstioctlArgs(['--valuesFile']);
    assert.ok(!missing.ok && /"--valuesFile" needs a value/.test(missing.message));
    const smuggled = checkIstioctlArgs(['--valuesFile', '--kubeconfig=/x']);
    assert.ok(!smuggled.ok && /"--valuesFile" needs a value/.test(smuggled.message));
    const stray = checkIstioctlArgs(['mesh.yaml']);
    assert.ok(!stray.ok && /"mesh\.yaml" is not a flag/.test(stray.message));
    const notList = checkIstioctlArgs('--meshConfigFile mesh.yaml');
    assert.ok(!notList.ok && /must be a list of strings/.test(notList.message));
  });
});
