import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadKubeconfig } from '../../../client/src/cluster/kubeconfig';
import { applyFlow, conflictingObjects } from '../../../client/src/cluster/ui/applyFlow';
import { deleteFlow } from '../../../client/src/cluster/ui/deleteFlow';
import { registerFlow } from '../../../client/src/cluster/ui/registerFlow';
import { parseManifest, type ParsedManifest } from '../../../client/src/cluster/manifest';
import { fixtures } from '../../cluster/emulator';
import { emulator, flowEnv, l10n, ScriptedUi } from './support';

// The confirmation flows against the in-process Kubernetes API emulator, with a scripted user: nothing is written
// without confirmation, production needs the typed name, dry runs persist nothing, conflicts offer a forced apply.

const BOOKINFO = `apiVersion: v1
kind: Namespace
metadata:
  name: bookinfo
---
apiVersion: v1
kind: Service
metadata:
  name: details
  namespace: bookinfo
spec:
  selector: {app: details}
  ports:
  - name: http
    port: 9080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: details-config
  namespace: bookinfo
data:
  mode: "yes"
`;

const SERVICE_ONLY = `apiVersion: v1
kind: Service
metadata:
  name: details
  namespace: bookinfo
spec:
  selector: {app: details}
  ports:
  - name: http
    port: 9080
`;

const patches = (emu: { requests: readonly { method: string }[] }): number => emu.requests.filter((r) => r.method === 'PATCH').length;

describe('applyFlow', () => {
  test('confirmed: the question names context, cluster, server and namespace; every object is applied and logged', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = flowEnv(emu, { asks: ['apply'] });
    const r = await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.equal(r.result?.kind, 'applied');
    const q = ui.questions[0]!;
    assert.equal(q.message, 'Apply 3 object(s) from bookinfo.yaml to context "emulator"?');
    assert.deepEqual(q.choices.map((c) => c.id), ['apply', 'dryRun']);
    for (const line of ['Context: emulator', 'Cluster: emulator-cluster', `Server: ${emu.url}`, 'Namespace for objects that name none: default (default)', '• namespace/bookinfo']) {
      assert.ok(q.detail.includes(line), `detail lacks "${line}":\n${q.detail}`);
    }
    assert.equal((emu.state.get('v1', 'ConfigMap', 'bookinfo', 'details-config')!.data as Record<string, string>).mode, 'yes');
    const logged = ui.logs.map((l) => l.line);
    assert.ok(logged.includes('namespace/bookinfo created'));
    assert.ok(logged.includes('service/details (bookinfo) created'));
    assert.ok(logged.includes('Applied 3 objects (3 created).'));
    assert.deepEqual(ui.notices.map((n) => [n.severity, n.message]), [['info', 'Context "emulator": Applied 3 objects (3 created).']]);
    assert.deepEqual(ui.prompts, [], 'no typed confirmation outside production');
  });

  test('notes for the objects (Apply Injected: images, workspace settings) are shown in the first question', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = flowEnv(emu, { asks: [undefined] });
    const seen: string[] = [];
    const notes = (objects: readonly { kind?: string }[]): string[] => {
      seen.push(...objects.map((o) => o.kind ?? ''));
      return ['Images that will run:', '• evil.example/proxy:latest (istio-proxy)'];
    };
    await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml (injected)', notes });
    assert.deepEqual(seen, ['Namespace', 'Service', 'ConfigMap']);
    assert.match(ui.questions[0]!.detail, /• configmap\/details-config \(bookinfo\)\n\nImages that will run:\n• evil\.example\/proxy:latest \(istio-proxy\)\n/);
  });

  test('dismissed: nothing is sent to the write path', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = flowEnv(emu, { asks: [undefined] });
    const r = await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.deepEqual(r, { stopped: 'cancelled' });
    assert.equal(patches(emu), 0);
    assert.deepEqual(emu.writes(), []);
    assert.deepEqual(ui.notices, []);
    assert.ok(ui.logs.some((l) => /cancelled; nothing was sent/.test(l.line)));
  });

  test('dry run first: per-object outcome in the second question, nothing persisted until confirmed again', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo')]);
    const first = flowEnv(emu, { asks: ['dryRun', undefined] });
    const rv = emu.state.resourceVersion();
    const dry = await applyFlow(first.env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.equal(dry.stopped, 'cancelled');
    assert.equal(dry.dryRun?.kind, 'applied');
    assert.equal(emu.state.resourceVersion(), rv, 'a dry run persists nothing');
    assert.ok(emu.requests.filter((q) => q.method === 'PATCH').every((q) => q.query.dryRun === 'All'));
    const second = first.ui.questions[1]!;
    assert.equal(second.message, 'Dry run passed on context "emulator". Apply for real?');
    assert.match(second.detail, /namespace\/bookinfo unchanged \(dry run\)/);
    assert.match(second.detail, /service\/details \(bookinfo\) created \(dry run\)/);
    assert.deepEqual(second.choices.map((c) => c.id), ['apply']);

    const again = flowEnv(emu, { asks: ['dryRun', 'apply'] });
    const applied = await applyFlow(again.env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.equal(applied.result?.kind, 'applied');
    assert.ok(emu.state.get('v1', 'Service', 'bookinfo', 'details'));
  });

  test('istio.cluster.dryRunFirst: the first question offers only the dry run', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = flowEnv(emu, { asks: ['dryRun', 'apply'] }, { dryRunFirst: true });
    const r = await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.deepEqual(ui.questions[0]!.choices.map((c) => c.id), ['dryRun']);
    assert.equal(r.result?.kind, 'applied');
  });

  test('production context: loud question, and nothing is written unless the context name is typed', async (t) => {
    const emu = await emulator(t);
    const wrong = flowEnv(emu, { asks: ['apply'], typed: ['prod'] }, { context: 'prod-eu' });
    const r = await applyFlow(wrong.env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.equal(r.stopped, 'cancelled');
    assert.match(wrong.ui.questions[0]!.message, /^⚠ PRODUCTION ⚠ Apply 3 object\(s\)/);
    assert.match(wrong.ui.questions[0]!.detail, /the context name "prod-eu" matches the pattern "prod\|production\|live"/);
    assert.deepEqual(wrong.ui.prompts.map((p) => p.expected), ['prod-eu']);
    assert.equal(patches(emu), 0);
    assert.match(wrong.ui.notices[0]!.message, /context name was not typed/);

    const right = flowEnv(emu, { asks: ['apply'], typed: ['prod-eu'] }, { context: 'prod-eu' });
    assert.equal((await applyFlow(right.env, { text: BOOKINFO, source: 'bookinfo.yaml' })).result?.kind, 'applied');

    const custom = flowEnv(emu, { asks: ['apply'] }, { context: 'prod-eu', productionPattern: '^customer-' });
    assert.equal((await applyFlow(custom.env, { text: BOOKINFO, source: 'bookinfo.yaml' })).result?.kind, 'applied');
    assert.deepEqual(custom.ui.prompts, []);
  });

  test('a production pattern that backtracks without end: the flow goes on, says the pattern is unusable and applies the default', { timeout: 60_000 }, async (t) => {
    const emu = await emulator(t);
    const context = `${'a'.repeat(900)}!`;
    const { env, ui } = flowEnv(emu, { asks: [undefined] }, { context, productionPattern: '^(a+)+$' });
    await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.match(ui.questions[0]!.detail, /^The istio\.cluster\.productionPattern setting cannot be used \(matching it took longer than \d+ ms/);
    assert.match(ui.questions[0]!.detail, /the default "prod\|production\|live" applies/);
    assert.ok(ui.logs.some((l) => l.level === 'warn' && /istio\.cluster\.productionPattern cannot be used/.test(l.line)));
  });

  test('an invalid manifest is explained and never reaches the cluster (not even the kubeconfig is read)', async (t) => {
    const emu = await emulator(t);
    const { env, ui, loads } = flowEnv(emu, {});
    const r = await applyFlow(env, { text: 'apiVersion: v1\nkind: Service\nmetadata: {}\n', source: 'bad.yaml' });
    assert.deepEqual(r, { stopped: 'invalid-manifest' });
    assert.equal(loads(), 0);
    assert.deepEqual(emu.requests, []);
    assert.match(ui.notices[0]!.message, /bad\.yaml: the YAML has 1 problem\(s\), so nothing was sent/);
    assert.ok(ui.logs.some((l) => /metadata\.name is missing/.test(l.line)));
    const empty = flowEnv(emu, {});
    assert.deepEqual(await applyFlow(empty.env, { text: '# nothing\n', source: 'empty.yaml' }), { stopped: 'empty' });
  });

  test('401: explained with the next step once the target is confirmed, before any write', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = flowEnv(emu, { asks: ['apply'] }, { token: emu.tokens.invalid });
    const r = await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.deepEqual(r, { stopped: 'no-connection' });
    assert.equal(ui.questions.length, 1);
    assert.equal(patches(emu), 0);
    const n = ui.notices[0]!;
    assert.equal(n.severity, 'error');
    assert.match(n.message, /401 Unauthorized\)\. Next step: Your token or client certificate has probably expired/);
    assert.deepEqual(n.actions.map((a) => a.id), ['selectContext', 'showLogs']);
  });

  test('unreachable: explained with the next step once the target is confirmed', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = flowEnv(emu, { asks: ['apply'] });
    await emu.close();
    const r = await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.deepEqual(r, { stopped: 'no-connection' });
    assert.match(ui.notices[0]!.message, /Cannot reach the cluster "emulator-cluster".*Next step: Check that the cluster is running/);
  });

  test('no kubeconfig / no current context: the notice says what to do and offers settings or the context picker', () => {
    const ui = new ScriptedUi();
    const env = { ui, l10n, load: () => loadKubeconfig({ path: '/nonexistent/istio-kubeconfig' }) };
    return applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' }).then((r) => {
      assert.deepEqual(r, { stopped: 'no-connection' });
      assert.match(ui.notices[0]!.message, /does not exist: \/nonexistent\/istio-kubeconfig Next step: Fix the `istio\.kubeconfig` setting/);
      assert.deepEqual(ui.notices[0]!.actions.map((a) => a.id), ['openSettings', 'showLogs']);
    });
  });

  test('403 on writes (viewer): per-object failures with the RBAC next step; Secret values never shown', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo')]);
    const secret = `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: bookinfo}
stringData:
  password: hunter2-very-secret
`;
    const { env, ui } = flowEnv(emu, { asks: ['apply'] }, { token: emu.tokens.viewer });
    const r = await applyFlow(env, { text: `${SERVICE_ONLY}---\n${secret}`, source: 'db.yaml' });
    assert.equal(r.result?.kind, 'partial');
    assert.equal(ui.notices[0]!.severity, 'error');
    assert.match(ui.notices[0]!.message, /2 of 2 objects failed.*The log shows what failed and the next step/);
    assert.ok(ui.logs.some((l) => l.level === 'warn' && /forbidden/.test(l.line) && /next step: Ask a cluster admin/.test(l.line)));
    assert.ok(!ui.everything().includes('hunter2'), 'a Secret value reached the UI or the log');
  });

  test('conflict: explained (fields and managers), force apply offered, confirmed again, and sent for the conflicting objects only', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo')]);
    emu.state.seed([fixtures.service('bookinfo', 'details', [{ name: 'tcp', port: 9080 }], { selector: { app: 'details' } })], { manager: 'kubectl-client-side-apply' });
    const { env, ui } = flowEnv(emu, { asks: ['apply', 'force'], notifies: ['force'] });
    const r = await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.equal(r.result?.kind, 'partial');
    assert.ok(r.forced);
    const forced = await r.forced;
    assert.equal(forced?.kind, 'applied');
    const offer = ui.notices[0]!;
    assert.equal(offer.severity, 'warning');
    assert.match(offer.message, /1 object\(s\) were not applied because other field managers \("kubectl-client-side-apply"\) own some of their fields/);
    assert.deepEqual(offer.actions.map((a) => a.id), ['force', 'showLogs']);
    const confirm = ui.questions[1]!;
    assert.equal(confirm.message, 'Force apply 1 object(s) to context "emulator", taking fields over from "kubectl-client-side-apply"?');
    assert.match(confirm.detail, /service\/details \(bookinfo\): \.spec\.ports\[port=9080,protocol="TCP"\]\.name \(owned by "kubectl-client-side-apply"\)/);
    const forcedPatches = emu.requests.filter((q) => q.method === 'PATCH' && q.query.force === 'true');
    assert.deepEqual(forcedPatches.map((q) => q.path), ['/api/v1/namespaces/bookinfo/services/details']);
    assert.equal((emu.state.get('v1', 'Service', 'bookinfo', 'details')!.spec as { ports: { name: string }[] }).ports[0]!.name, 'http');
  });

  test('a dry run that shows conflicts offers Force Apply in the second question; choosing it applies with force', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo')]);
    emu.state.seed([fixtures.service('bookinfo', 'details', [{ name: 'tcp', port: 9080 }], { selector: { app: 'details' } })], { manager: 'kubectl-client-side-apply' });
    const { env, ui } = flowEnv(emu, { asks: ['dryRun', 'force'] });
    const r = await applyFlow(env, { text: SERVICE_ONLY, source: 'details.yaml' });
    const second = ui.questions[1]!;
    assert.deepEqual(second.choices.map((c) => c.id), ['apply', 'force']);
    assert.match(second.message, /1 of 1 object\(s\) would fail/);
    assert.match(second.detail, /Fields owned by other managers \(kubectl-client-side-apply\):/);
    assert.equal(r.result?.kind, 'applied');
    assert.equal(r.forced, undefined, 'a forced apply offers nothing more');
    assert.equal(emu.requests.filter((q) => q.method === 'PATCH' && q.query.force === 'true' && q.query.dryRun === undefined).length, 1);
  });

  test('conflict: declining the offer, or the second confirmation, forces nothing', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo')]);
    emu.state.seed([fixtures.service('bookinfo', 'details', [{ name: 'tcp', port: 9080 }], { selector: { app: 'details' } })], { manager: 'kubectl-client-side-apply' });
    for (const script of [{ asks: ['apply'], notifies: [undefined] }, { asks: ['apply', undefined], notifies: ['force'] }]) {
      const { env } = flowEnv(emu, script);
      const r = await applyFlow(env, { text: SERVICE_ONLY, source: 'details.yaml' });
      assert.equal(await r.forced, undefined);
    }
    assert.equal(emu.requests.filter((q) => q.query.force === 'true').length, 0);
  });

  test('cancelling the progress stops the run; what was not sent is logged', async (t) => {
    const emu = await emulator(t);
    // progress 0 is "Connecting", 1 the apply
    const { env, ui } = flowEnv(emu, { asks: ['apply'], cancelProgress: 1 });
    const r = await applyFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.equal(r.result?.kind, 'cancelled');
    assert.equal(patches(emu), 0);
    assert.ok(ui.logs.some((l) => l.line === 'namespace/bookinfo not sent'));
    assert.equal(ui.notices[0]!.severity, 'warning');
  });

  test('conflictingObjects keeps only the named objects, parsed once, their strings kept strings', () => {
    const parsed = parseManifest(BOOKINFO);
    assert.ok(parsed.ok);
    const subset: ParsedManifest = conflictingObjects(parsed, [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'details-config', namespace: 'bookinfo' }]);
    const text = subset.objects.map((o) => JSON.stringify(o.body)).join('\n---\n');
    assert.equal(text, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"details-config","namespace":"bookinfo"},"data":{"mode":"yes"}}');
  });
});

describe('deleteFlow', () => {
  test('confirmed: deletes in reverse order; objects already gone are "already gone", not errors', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo'), fixtures.service('bookinfo', 'details', [{ name: 'http', port: 9080 }])]);
    const { env, ui } = flowEnv(emu, { asks: ['delete'] });
    const r = await deleteFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
    assert.equal(r.result?.kind, 'deleted');
    assert.equal(ui.questions[0]!.message, 'Delete the 3 object(s) of bookinfo.yaml from context "emulator"?');
    assert.deepEqual(ui.questions[0]!.choices.map((c) => c.id), ['delete', 'dryRun']);
    assert.ok(ui.logs.some((l) => l.line === 'configmap/details-config (bookinfo) already gone'));
    assert.equal(ui.notices[0]!.severity, 'info');
    assert.match(ui.notices[0]!.message, /2 deleted, 1 already gone/);
  });

  test('dismissed or dry run then dismissed: nothing deleted', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo'), fixtures.service('bookinfo', 'details', [{ name: 'http', port: 9080 }])]);
    for (const asks of [[undefined], ['dryRun', undefined]]) {
      const { env } = flowEnv(emu, { asks });
      const r = await deleteFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' });
      assert.equal(r.stopped, 'cancelled');
    }
    assert.ok(emu.state.get('v1', 'Service', 'bookinfo', 'details'));
    assert.ok(emu.requests.filter((q) => q.method === 'DELETE').every((q) => q.query.dryRun === 'All'));
  });

  test('production: the typed name guards deletes too', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('bookinfo')]);
    const { env } = flowEnv(emu, { asks: ['delete'], typed: [undefined] }, { context: 'live-1' });
    assert.equal((await deleteFlow(env, { text: BOOKINFO, source: 'bookinfo.yaml' })).stopped, 'cancelled');
    assert.equal(emu.requests.filter((q) => q.method === 'DELETE').length, 0);
  });
});

describe('registerFlow', () => {
  test('confirmed: Service without selector and Endpoints with the VM address, like istioctl register', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('onprem')]);
    const { env, ui } = flowEnv(emu, { asks: ['register'] });
    const r = await registerFlow(env, { name: 'mysql', ip: '10.150.0.5', ports: ['3306'], namespace: 'onprem' });
    assert.equal(r?.kind, 'registered');
    assert.equal(ui.questions[0]!.message, 'Register mysql (10.150.0.5, ports 3306) as Service onprem/mysql on context "emulator"?');
    assert.ok(emu.state.get('v1', 'Service', 'onprem', 'mysql'));
    assert.match(ui.notices[0]!.message, /Registered on context "emulator" in namespace onprem: Service created, Endpoints created, ports mysql:3306\./);
  });

  test('dry run then dismissed, or dismissed: nothing registered', async (t) => {
    const emu = await emulator(t);
    emu.state.seed([fixtures.namespace('onprem')]);
    for (const asks of [[undefined], ['dryRun', undefined]]) {
      const { env } = flowEnv(emu, { asks });
      assert.equal(await registerFlow(env, { name: 'mysql', ip: '10.150.0.5', ports: ['3306'], namespace: 'onprem' }), undefined);
    }
    assert.equal(emu.state.get('v1', 'Service', 'onprem', 'mysql'), undefined);
  });

  test('invalid input from the library is shown as such', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = flowEnv(emu, { asks: ['register'] });
    const r = await registerFlow(env, { name: 'svc1', ip: '10.150.0.5', ports: ['http:99999'], namespace: 'default' });
    assert.equal(r?.kind, 'invalid-input');
    assert.match(ui.notices[0]!.message, /^Nothing was registered: "http:99999": the port must be a number from 1 to 65535/);
  });
});
