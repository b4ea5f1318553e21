import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { parse, stringify } from 'yaml';
import { connectionFromText, type KubeconfigResult } from '../../../client/src/cluster/kubeconfig';
import { selectContext, selectNamespace } from '../../../client/src/cluster/ui/contextFlow';
import { getGatewayUrl, installControlPlane, uninstallControlPlane } from '../../../client/src/cluster/ui/controlPlaneFlow';
import { targetKey, type FlowEnv } from '../../../client/src/cluster/ui/flowEnv';
import { exportServiceAccountSecret, generateClusterEnv, generateSidecarEnv } from '../../../client/src/cluster/ui/meshFilesFlow';
import type { VerifyState } from '../../../client/src/cluster/ui/meshTree';
import { registerVmWizard } from '../../../client/src/cluster/ui/registerFlow';
import { controlPlaneManifests } from '../../../client/src/cluster/ui/releaseManifests';
import type { SessionHost } from '../../../client/src/cluster/ui/sessionHost';
import type { SelectionKey } from '../../../client/src/cluster/ui/workspaceState';
import { fixtures, type Emulator } from '../../cluster/emulator';
import { emulator, flowEnv, l10n, ScriptedUi, type Script } from './support';

// The wizards of the cluster commands, behind the UI port: a scripted user picks and types, the emulator answers.

/** A kubeconfig of the emulator with two contexts, "dev" (current) and "prod-eu", both pointing at it. */
function twoContexts(emu: Emulator): string {
  const doc = parse(emu.kubeconfigYaml('dev')) as { contexts: { name: string; context: Record<string, unknown> }[]; 'current-context': string };
  doc.contexts.push({ name: 'prod-eu', context: { ...doc.contexts[0]!.context, namespace: 'payments' } });
  return stringify(doc);
}

/** A session host over a kubeconfig text, recording what was chosen. */
class FakeSession implements SessionHost {
  readonly chosen: { context?: string; namespace?: string } = {};
  readonly remembered: string[] = [];
  readonly verifies: VerifyState[] = [];
  refreshes = 0;
  readonly redactor = { redact: (text: string): string => text };
  readonly view = { setVerify: (v: VerifyState): void => void this.verifies.push(v), reveal: async (): Promise<void> => undefined };
  readonly injector = { sync: async () => ({ kind: 'untrusted' as const }) };

  constructor(private readonly kubeconfig: string) {}

  settings(): ReturnType<SessionHost['settings']> {
    return { context: this.chosen.context, namespace: this.chosen.namespace, productionPattern: null, profile: 'auto' };
  }

  load(overrides?: { readonly context?: string; readonly namespace?: string }): KubeconfigResult {
    const { context, namespace } = overrides ?? this.chosen;
    return connectionFromText(this.kubeconfig, { requestTimeoutMs: 10_000, ...(context ? { context } : {}), ...(namespace ? { namespace } : {}) });
  }

  async select(key: SelectionKey, value: string | undefined): Promise<void> {
    this.chosen[key] = value;
  }

  rememberTarget(key: string): void {
    this.remembered.push(key);
  }

  refresh(): void {
    this.refreshes++;
  }
}

function hosted(emu: Emulator, script: Script, kubeconfig = emu.kubeconfigYaml()): { env: FlowEnv; ui: ScriptedUi; s: FakeSession } {
  const s = new FakeSession(kubeconfig);
  const ui = new ScriptedUi(script);
  return { env: { ui, l10n, load: () => s.load() }, ui, s };
}

/** Picking files needs no cluster. */
const noCluster = (): KubeconfigResult => connectionFromText('');

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-wizard-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('Select Context', () => {
  test('picking a context makes it this workspace\'s, confirms it as the target, and says so', async (t) => {
    const emu = await emulator(t);
    const { env, ui, s } = hosted(emu, { picks: ['prod-eu'] }, twoContexts(emu));
    await selectContext(env, s);
    assert.deepEqual(s.chosen, { context: 'prod-eu', namespace: undefined });
    const picker = ui.pickers[0]!;
    assert.deepEqual(picker.items.map((i) => i.label), ['dev', 'prod-eu'], 'no "follow kubectl" item while nothing is pinned');
    assert.match(picker.items[0]!.detail ?? '', /kubectl's current-context/);
    const now = s.load();
    assert.ok(now.ok);
    assert.deepEqual(s.remembered, [targetKey(now.connection)]);
    assert.equal(ui.notices.at(-1)!.message, 'Istio Mesh Tools now uses context "prod-eu" (namespace payments).');
    assert.equal(emu.requests.length, 0, 'choosing a context sent a request');
  });

  test('once a context is pinned, "Follow kubectl\'s current-context" unpins context and namespace', async (t) => {
    const emu = await emulator(t);
    const { env, ui, s } = hosted(emu, { picks: [/Follow kubectl's current-context/] }, twoContexts(emu));
    s.chosen.context = 'prod-eu';
    s.chosen.namespace = 'payments';
    await selectContext(env, s);
    assert.deepEqual(s.chosen, { context: undefined, namespace: undefined });
    assert.equal(ui.notices.at(-1)!.message, "Istio Mesh Tools follows kubectl's current-context again (dev).");
  });

  test('dismissing the picker changes nothing', async (t) => {
    const emu = await emulator(t);
    const { env, ui, s } = hosted(emu, {}, twoContexts(emu));
    await selectContext(env, s);
    assert.deepEqual(s.chosen, {});
    assert.equal(s.refreshes, 0);
    assert.equal(ui.notices.length, 0);
  });
});

describe('Select Namespace', () => {
  test('lists the cluster\'s namespaces once the target is confirmed; the pick becomes this workspace\'s', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('bookinfo'), fixtures.namespace('payments')] });
    const { env, ui, s } = hosted(emu, { asks: ['connect'], picks: ['bookinfo'] });
    await selectNamespace(env, s);
    assert.equal(s.chosen.namespace, 'bookinfo');
    const labels = ui.pickers[0]!.items.map((i) => i.label);
    assert.ok(labels.includes('bookinfo') && labels.includes('payments'), labels.join(', '));
    assert.match(labels.at(-1)!, /Enter a namespace/);
    assert.equal(ui.notices.at(-1)!.message, 'Istio Mesh Tools now uses namespace bookinfo on context "emulator".');
  });

  test('"Enter a namespace…" asks for one, validated', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('bookinfo')] });
    const { env, ui, s } = hosted(emu, { asks: ['connect'], picks: [/Enter a namespace/], inputs: [' mesh-vms '] });
    await selectNamespace(env, s);
    assert.equal(s.chosen.namespace, 'mesh-vms');
    assert.notEqual(ui.inputBoxes[0]!.validate?.('Not_A_Namespace'), undefined, 'an invalid namespace was accepted');
  });

  test('when listing is forbidden, asks for a name and says why', async (t) => {
    const emu = await emulator(t);
    const { env, ui, s } = hosted(emu, { asks: ['connect'], inputs: ['team-a'] }, emu.kubeconfigYaml('emulator', emu.tokens.forbidden));
    await selectNamespace(env, s);
    assert.equal(ui.pickers.length, 0);
    assert.match(ui.inputBoxes[0]!.prompt, /cannot be listed with these credentials/);
    assert.equal(s.chosen.namespace, 'team-a');
  });

  test('nothing is listed before the target is confirmed', async (t) => {
    const emu = await emulator(t);
    const { env, ui, s } = hosted(emu, {});
    await selectNamespace(env, s);
    assert.equal(emu.requests.length, 0);
    assert.equal(ui.pickers.length + ui.inputBoxes.length, 0);
  });
});

describe('Register a VM workload', () => {
  test('asks the service, IP, ports, namespace and service account, then registers up the write ladder', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem')] });
    const { env, ui } = flowEnv(emu, { inputs: ['mysql', '10.150.0.5', 'mysql:3306', 'onprem', 'default'], asks: ['register'] });
    const r = await registerVmWizard(env);
    assert.equal(r?.kind, 'registered');
    assert.deepEqual(ui.inputBoxes.map((i) => i.title), [
      'Register a VM workload (istioctl register) (1/4)',
      'Register a VM workload (istioctl register) (2/4)',
      'Register a VM workload (istioctl register) (3/4)',
      'Register a VM workload (istioctl register) (4/4)',
      'Register a VM workload (istioctl register)',
    ]);
    assert.equal(ui.inputBoxes[3]!.value, 'default', 'the namespace is not prefilled with the connection\'s');
    assert.notEqual(ui.inputBoxes[1]!.validate?.('10.150.0'), undefined, 'an invalid IP was accepted');
    assert.match(ui.questions[0]!.message, /Register mysql \(10\.150\.0\.5, ports mysql:3306\) as Service onprem\/mysql/);
    assert.ok(emu.state.get('v1', 'Service', 'onprem', 'mysql'), 'no Service was written');
    assert.ok(emu.state.get('v1', 'Endpoints', 'onprem', 'mysql'), 'no Endpoints were written');
  });

  test('dismissing an input box stops the wizard; nothing is asked or sent', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem')] });
    const { env, ui } = flowEnv(emu, { inputs: ['mysql', '10.150.0.5', undefined] });
    assert.equal(await registerVmWizard(env), undefined);
    assert.equal(ui.inputBoxes.length, 3);
    assert.equal(ui.questions.length, 0);
    assert.equal(emu.requests.length, 0);
  });
});

describe('mesh expansion files', () => {
  test('cluster.env from the service IP range, opened as a document and saved where the user says', async (t) => {
    const emu = await emulator(t, { serviceCidr: '10.63.240.0/20' });
    const { env, ui } = flowEnv(emu, { asks: ['connect'], notifies: ['save'], saves: ['cluster.env'] });
    await generateClusterEnv(env);
    assert.equal(ui.generated[0]!.language, 'istio-env');
    assert.equal(ui.generated[0]!.content, 'ISTIO_SERVICE_CIDR=10.63.240.0/20\n');
    await new Promise((r) => setImmediate(r)); // the offer to save may be answered after the command settled
    assert.deepEqual(ui.generated[0]!.saved, ['cluster.env']);
    assert.equal(ui.notices.at(-1)!.message, 'Saved cluster.env.');
  });

  test('sidecar.env from the ports typed', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = flowEnv(emu, { inputs: ['3306, 27017'] });
    await generateSidecarEnv(env);
    assert.match(ui.generated[0]!.content, /^ISTIO_INBOUND_PORTS=3306,27017$/m);
    assert.equal(emu.requests.length, 0, 'sidecar.env needs no cluster');
  });

  test('the certificates of istio.<service account> go to the chosen folder with mode 0600', async (t) => {
    const pems = { key: 'KEY\n', root: 'ROOT\n', chain: 'CHAIN\n' };
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem'), fixtures.istioSecret('onprem', 'vm-sa', pems)] });
    const dir = tempDir(t);
    const { env, ui } = flowEnv(emu, { asks: ['connect'], inputs: ['vm-sa', 'onprem'], folders: [{ path: dir }] });
    assert.deepEqual(await exportServiceAccountSecret(env), ['key.pem', 'root-cert.pem', 'cert-chain.pem']);
    assert.equal(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), 'KEY\n');
    assert.equal(fs.statSync(path.join(dir, 'key.pem')).mode & 0o777, 0o600);
    assert.ok(!ui.everything().includes('KEY\n'), 'a certificate reached the screen or log');
  });

  test('a folder that is not on this disk is refused, and files already there are replaced only when confirmed', async (t) => {
    const pems = { key: 'KEY\n', root: 'ROOT\n', chain: 'CHAIN\n' };
    const emu = await emulator(t, { seed: [fixtures.namespace('onprem'), fixtures.istioSecret('onprem', 'default', pems)] });
    const remote = flowEnv(emu, { asks: ['connect'], inputs: ['default', 'onprem'], folders: [{ notLocal: 'vscode-remote://ssh/certs' }] });
    assert.equal(await exportServiceAccountSecret(remote.env), undefined);
    assert.match(remote.ui.notices.at(-1)!.message, /Choose a folder on this machine's disk \(got vscode-remote:\/\/ssh\/certs\)/);
    const dir = tempDir(t);
    fs.writeFileSync(path.join(dir, 'key.pem'), 'OLD');
    const kept = flowEnv(emu, { asks: ['connect', undefined], inputs: ['default', 'onprem'], folders: [{ path: dir }] });
    assert.equal(await exportServiceAccountSecret(kept.env), undefined);
    assert.match(kept.ui.questions.at(-1)!.message, /Replace key\.pem in/);
    assert.equal(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), 'OLD');
  });
});

describe('Get Gateway URL', () => {
  test('copies `export GATEWAY_URL=…` or opens /productpage, as picked', async (t) => {
    const emu = await emulator(t, { seed: fixtures.istio02Install({ ingress: 'load-balancer' }) });
    const copy = hosted(emu, { asks: ['connect'], notifies: ['copy'] });
    await getGatewayUrl(copy.env, copy.s);
    assert.equal(copy.ui.copied.length, 1);
    assert.match(copy.ui.copied[0]!, /^export GATEWAY_URL=\S+$/);
    assert.match(copy.ui.notices.at(-1)!.message, /^Copied: export GATEWAY_URL=/);
    const open = hosted(emu, { asks: ['connect'], notifies: ['open'] });
    await getGatewayUrl(open.env, open.s);
    assert.equal(open.ui.opened.length, 1);
    assert.match(open.ui.opened[0]!, /^http:\/\/\S+\/productpage$/);
  });
});

describe('Install / Uninstall Istio: the release manifests', () => {
  const RELEASE = 'istio-0.2.7/install/kubernetes';
  const files = {
    [`${RELEASE}/istio.yaml`]: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n',
    [`${RELEASE}/istio-auth.yaml`]: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n',
    [`${RELEASE}/istio-initializer.yaml`]: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-inject\n  namespace: istio-system\ndata:\n  config: "policy: enabled"\n',
    'samples/other.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n',
  };

  test('install: the release manifests found in the workspace, the Initializer offered after "No Initializer"', async () => {
    const ui = new ScriptedUi({ files, picks: ['istio.yaml', 'istio-initializer.yaml'] });
    const m = await controlPlaneManifests({ ui, l10n, load: noCluster }, 'Install Istio', false);
    assert.deepEqual(ui.pickers[0]!.items.map((i) => i.label), ['istio.yaml', 'istio-auth.yaml', '$(folder-opened) Choose a YAML file…']);
    assert.equal(ui.pickers[0]!.items[0]!.description, 'Istio without mutual TLS between sidecars');
    assert.deepEqual(ui.pickers[1]!.items.map((i) => i.label), ['No Initializer', 'istio-initializer.yaml', '$(folder-opened) Choose a YAML file…']);
    assert.equal(m?.source, 'istio.yaml + istio-initializer.yaml');
    assert.match(m?.text ?? '', /name: istio-system[\s\S]*---[\s\S]*name: istio-inject/);
  });

  test('uninstall offers the Initializer first; without release manifests in the workspace, the open dialog is asked', async () => {
    const ui = new ScriptedUi({ files, picks: ['istio-initializer.yaml'], openFiles: [`${RELEASE}/istio-auth.yaml`] });
    ui.findFiles = async () => [];
    const m = await controlPlaneManifests({ ui, l10n, load: noCluster }, 'Uninstall Istio', true);
    assert.deepEqual(ui.pickers[0]!.items.map((i) => i.label), ['istio-initializer.yaml', 'Without the Initializer', '$(folder-opened) Choose a YAML file…']);
    assert.equal(m?.source, 'istio-auth.yaml + istio-initializer.yaml');
  });

  test('no Initializer next to the release: only "No Initializer" or browse; cancelling either picker sends nothing', async () => {
    const alone = { 'install/kubernetes/istio.yaml': files[`${RELEASE}/istio.yaml`]! };
    const ui = new ScriptedUi({ files: alone, picks: ['istio.yaml', 'No Initializer'] });
    const m = await controlPlaneManifests({ ui, l10n, load: noCluster }, 'Install Istio', false);
    assert.deepEqual(ui.pickers[1]!.items.map((i) => i.label), ['No Initializer', '$(folder-opened) Choose a YAML file…']);
    assert.equal(m?.source, 'istio.yaml');
    const cancelled = new ScriptedUi({ files: alone, picks: ['istio.yaml', undefined] });
    assert.equal(await controlPlaneManifests({ ui: cancelled, l10n, load: noCluster }, 'Install Istio', false), undefined);
  });

  test('install applies them and verifies what came up; uninstall deletes them and clears the verification', async (t) => {
    const emu = await emulator(t);
    const install = hosted(emu, { asks: ['apply', 'connect'] });
    const manifests = { text: files[`${RELEASE}/istio.yaml`]!, source: 'istio.yaml' };
    const r = await installControlPlane(install.env, install.s, manifests);
    assert.equal(r.result?.kind, 'applied');
    assert.ok(emu.state.get('v1', 'Namespace', undefined, 'istio-system'), 'the release manifest was not applied');
    assert.deepEqual(install.s.verifies.map((v) => v.kind), ['running', 'report'], 'the install was not verified');
    const uninstall = hosted(emu, { asks: ['delete'] });
    const d = await uninstallControlPlane(uninstall.env, uninstall.s, manifests);
    assert.equal(d.result?.kind, 'deleted');
    assert.deepEqual(uninstall.s.verifies, [{ kind: 'none' }]);
  });
});
