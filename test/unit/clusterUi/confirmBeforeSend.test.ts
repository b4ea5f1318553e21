import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { parse, stringify } from 'yaml';
import { connectionFromText, type KubeconfigResult } from '../../../client/src/cluster/kubeconfig';
import type { ClusterInjectorParams } from '../../../server/src/protocol';
import { applyFlow } from '../../../client/src/cluster/ui/applyFlow';
import { deleteFlow } from '../../../client/src/cluster/ui/deleteFlow';
import { confirmedOrExplain } from '../../../client/src/cluster/ui/explain';
import { targetKey, type FlowEnv, type TargetMemory } from '../../../client/src/cluster/ui/flowEnv';
import { registerFlow } from '../../../client/src/cluster/ui/registerFlow';
import type { Question } from '../../../client/src/cluster/ui/flowUi';
import { InjectorSync } from '../../../client/src/cluster/ui/injectorSync';
import { fixtures, type Emulator } from '../../cluster/emulator';
import { emulator, l10n, MemoryTargets, ScriptedUi, type Script } from './support';

// Nothing reaches the cluster, and no credential plugin runs, before the user confirmed the target: the emulator's
// request log is read at the moment each question is asked, and an exec plugin leaves a marker file when it runs.

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: details, namespace: default}
spec:
  selector: {app: details}
  ports: [{name: http, port: 9080}]
`;

/** A ScriptedUi that notes how many requests the emulator had received when each question was asked. */
class WatchingUi extends ScriptedUi {
  readonly requestsAtAsk: number[] = [];

  constructor(
    private readonly emu: Emulator,
    script: Script,
  ) {
    super(script);
  }

  override ask<T extends string>(q: Question<T>): Promise<T | undefined> {
    this.requestsAtAsk.push(this.emu.requests.length);
    return super.ask(q);
  }
}

/** The emulator's kubeconfig whose user gets its token from an exec plugin that leaves `marker` when it runs. */
function execKubeconfig(emu: Emulator, marker: string): string {
  const doc = parse(emu.kubeconfigYaml()) as { users: { user: Record<string, unknown> }[] };
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: emu.tokens.admin } });
  const script = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); process.stdout.write(${JSON.stringify(credential)})`;
  doc.users[0]!.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script] } };
  return stringify(doc);
}

function setup(t: TestContext, emu: Emulator, script: Script, targets?: TargetMemory): { env: FlowEnv; ui: WatchingUi; marker: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-confirm-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const marker = path.join(dir, 'plugin-ran');
  const text = execKubeconfig(emu, marker);
  const ui = new WatchingUi(emu, script);
  const load = (): KubeconfigResult => connectionFromText(text, { requestTimeoutMs: 10_000 });
  return { env: { ui, l10n, load, ...(targets ? { targets } : {}) }, ui, marker };
}

describe('writes: the confirmation comes before any request', () => {
  test('apply, delete and register: no request before the first question, none at all (and no plugin run) when cancelled', async (t) => {
    const emu = await emulator(t);
    const runs: [string, (env: FlowEnv) => Promise<unknown>][] = [
      ['apply', (env) => applyFlow(env, { text: SERVICE, source: 'details.yaml' })],
      ['delete', (env) => deleteFlow(env, { text: SERVICE, source: 'details.yaml' })],
      ['register', (env) => registerFlow(env, { name: 'mysql', ip: '10.150.0.5', ports: ['3306'], namespace: 'default' })],
    ];
    for (const [name, run] of runs) {
      const { env, ui, marker } = setup(t, emu, { asks: [undefined] });
      await run(env);
      assert.deepEqual(ui.requestsAtAsk, [0], `${name}: one question, asked before any request`);
      assert.equal(emu.requests.length, 0, `${name}: cancelled, yet requests were sent`);
      assert.equal(fs.existsSync(marker), false, `${name}: the exec plugin ran although the user cancelled`);
    }
  });

  test('confirmed: the first request (and the plugin) comes after the answer', async (t) => {
    const emu = await emulator(t);
    const { env, ui, marker } = setup(t, emu, { asks: ['apply'] });
    const r = await applyFlow(env, { text: SERVICE, source: 'details.yaml' });
    assert.equal(r.result?.kind, 'applied');
    assert.equal(ui.requestsAtAsk[0], 0);
    assert.equal(emu.requests[0]?.path, '/version');
    assert.equal(fs.existsSync(marker), true);
  });

  test('Dry Run First, even with istio.cluster.dryRunFirst: nothing is sent before the answer', async (t) => {
    const emu = await emulator(t);
    const { env, ui } = setup(t, emu, { asks: [undefined] });
    await applyFlow({ ...env, dryRunFirst: true }, { text: SERVICE, source: 'details.yaml' });
    assert.deepEqual(ui.requestsAtAsk, [0]);
    assert.equal(emu.requests.length, 0);
  });
});

describe('reads: the target is confirmed once per workspace before the first request', () => {
  test('cancelled: nothing sent, no plugin run, and asked again next time', async (t) => {
    const emu = await emulator(t);
    const targets = new MemoryTargets();
    const { env, ui, marker } = setup(t, emu, { asks: [undefined, undefined] }, targets);
    assert.equal(await confirmedOrExplain(env, 'Verify the Istio install'), undefined);
    assert.equal(await confirmedOrExplain(env, 'Verify the Istio install'), undefined);
    assert.equal(ui.questions.length, 2);
    assert.equal(emu.requests.length, 0);
    assert.equal(fs.existsSync(marker), false);
    assert.equal(ui.questions[0]!.message, 'Verify the Istio install: connect to context "emulator"?');
    assert.match(ui.questions[0]!.detail, /Server: https:\/\/127\.0\.0\.1:\d+/);
    assert.match(ui.questions[0]!.detail, /Nothing has been sent yet/);
  });

  test('confirmed once: later reads of the same target are not asked again; another target is', async (t) => {
    const emu = await emulator(t);
    const targets = new MemoryTargets();
    const { env, ui } = setup(t, emu, { asks: ['connect'] }, targets);
    assert.ok(await confirmedOrExplain(env, 'Verify'));
    assert.ok(await confirmedOrExplain(env, 'Find the gateway URL'));
    assert.equal(ui.questions.length, 1);
    const other = connectionFromText(emu.kubeconfigYaml('staging'), { requestTimeoutMs: 10_000 });
    const asked = new ScriptedUi({ asks: [undefined] });
    assert.equal(await confirmedOrExplain({ ui: asked, l10n, load: () => other, targets }, 'Verify'), undefined);
    assert.equal(asked.questions.length, 1, 'a different target is asked for');
  });

  test('a confirmed write counts as a confirmed target for later reads', async (t) => {
    const emu = await emulator(t);
    const targets = new MemoryTargets();
    const { env, ui } = setup(t, emu, { asks: ['apply'] }, targets);
    await applyFlow(env, { text: SERVICE, source: 'details.yaml' });
    assert.ok(await confirmedOrExplain(env, 'Verify'));
    assert.equal(ui.questions.length, 1);
  });
});

describe('the background read of the injector ConfigMap: nothing before the target is confirmed', () => {
  function injectorSync(env: FlowEnv, targets: TargetMemory, trusted: boolean): { sync: InjectorSync; sent: ClusterInjectorParams[] } {
    const sent: ClusterInjectorParams[] = [];
    const sync = new InjectorSync({
      load: env.load,
      targets,
      trusted: () => trusted,
      send: (p) => sent.push(p) > 0,
      log: (level, line) => env.ui.log(level, line),
    });
    return { sync, sent };
  }

  test('unconfirmed target: no request, no plugin run, no question; the server holds nothing', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system'), fixtures.injectorConfigMap()] });
    const { env, ui, marker } = setup(t, emu, {});
    const { sync, sent } = injectorSync(env, new MemoryTargets(), true);
    assert.equal((await sync.sync()).kind, 'unconfirmed');
    assert.equal((await sync.sync({ refresh: true })).kind, 'unconfirmed');
    assert.equal(emu.requests.length, 0);
    assert.equal(fs.existsSync(marker), false, 'the exec plugin ran for a target nobody confirmed');
    assert.deepEqual(ui.questions, [], 'a background read never asks');
    assert.deepEqual(ui.notices, [], 'a background read never pops up');
    assert.deepEqual(sent, []);
    assert.match(ui.logs.at(-1)?.line ?? '', /context "emulator" is not read before you confirm it/);
  });

  test('Restricted Mode: nothing read even from a confirmed target', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system'), fixtures.injectorConfigMap()] });
    const { env, marker } = setup(t, emu, {});
    const targets = new MemoryTargets();
    const r = env.load();
    assert.ok(r.ok);
    targets.remember(targetKey(r.connection));
    const { sync } = injectorSync(env, targets, false);
    assert.equal((await sync.sync()).kind, 'untrusted');
    assert.equal(emu.requests.length, 0);
    assert.equal(fs.existsSync(marker), false);
  });

  test('once the read question was answered: the GET (and the plugin) follow, and the server gets the injector', async (t) => {
    const emu = await emulator(t, { seed: [fixtures.namespace('istio-system'), fixtures.injectorConfigMap()] });
    const targets = new MemoryTargets();
    const { env, ui, marker } = setup(t, emu, { asks: ['connect'] }, targets);
    const { sync, sent } = injectorSync(env, targets, true);
    assert.ok(await confirmedOrExplain(env, 'Refresh the cluster injector config'));
    assert.deepEqual(ui.requestsAtAsk, [0]);
    assert.equal((await sync.sync({ refresh: true })).kind, 'found');
    assert.deepEqual(emu.requests.map((q) => `${q.method} ${q.path}`), [
      'GET /api/v1/namespaces/istio-system/configmaps/istio-sidecar-injector',
      'GET /api/v1/namespaces/istio-system/configmaps',
    ]);
    assert.equal(fs.existsSync(marker), true);
    assert.equal(sent[0]?.origin, 'ConfigMap istio-system/istio-sidecar-injector of context emulator (Istio 1.28.2)');
  });
});
