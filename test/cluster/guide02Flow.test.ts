import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFlow } from '../../client/src/cluster/ui/applyFlow';
import { deleteFlow } from '../../client/src/cluster/ui/deleteFlow';
import { flowEnv } from '../unit/clusterUi/support';
import { ISTIO_02_INSTALL, MESH_EXPANSION_027 } from './guide02';
import { emulator } from './helpers';

// What Install / Uninstall Istio Control Plane run (applyFlow and deleteFlow, with a scripted user) on the guide's own
// 0.2 file: confirmed, sent, one outcome per object in the log, and a notice that sums it up.

describe('Install / Uninstall Istio Control Plane on the 0.2 istio.yaml', () => {
  test('on a pre-1.16 cluster: installed and uninstalled, every object logged with how it went', async (t) => {
    const emu = await emulator(t, { legacy: true, istioCrds: false });
    const install = flowEnv(emu, { asks: ['apply'] });
    const r = await applyFlow(install.env, { text: ISTIO_02_INSTALL, source: 'install/kubernetes/istio.yaml' });
    assert.equal(r.result?.kind, 'applied');
    assert.equal(install.ui.questions[0]!.message, 'Apply 9 object(s) from install/kubernetes/istio.yaml to context "emulator"?');
    const logged = install.ui.logs.map((l) => l.line);
    assert.ok(logged.some((l) => /"apiVersion" is given twice in one mapping; kubectl uses the last value/.test(l)), logged.join('\n'));
    assert.ok(logged.includes('deployment.extensions/istio-ca (istio-system) created (client-side apply: the server has no server-side apply)'), logged.join('\n'));
    assert.ok(emu.state.get('extensions/v1beta1', 'Deployment', 'istio-system', 'istio-pilot'));

    const uninstall = flowEnv(emu, { asks: ['delete'] });
    const d = await deleteFlow(uninstall.env, { text: ISTIO_02_INSTALL, source: 'install/kubernetes/istio.yaml' });
    assert.equal(d.result?.kind, 'deleted');
    assert.ok(uninstall.ui.logs.some((l) => l.line === 'deployment.extensions/istio-ca (istio-system) deleted'));
    assert.equal(emu.state.get('v1', 'Namespace', undefined, 'istio-system'), undefined);
  });

  test('mesh-expansion.yaml of 0.2.7: the three good Services are applied, the `Version:` one is named in the log', async (t) => {
    const emu = await emulator(t, { seed: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } }] });
    const { env, ui } = flowEnv(emu, { asks: ['apply'] });
    const r = await applyFlow(env, { text: MESH_EXPANSION_027, source: 'mesh-expansion.yaml' });
    assert.equal(r.result?.kind, 'partial');
    assert.equal(ui.questions[0]!.message, 'Apply 3 object(s) from mesh-expansion.yaml to context "emulator"?');
    assert.ok(ui.logs.some((l) => l.level === 'warn' && /document 1 \(line 1\): Object 'apiVersion' is missing .*that document will not be sent, the others will/.test(l.line)));
    assert.ok(emu.state.get('v1', 'Service', 'istio-system', 'mixer-ilb'));
  });
});
