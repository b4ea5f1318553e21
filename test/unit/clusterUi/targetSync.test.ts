import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterProblem } from '../../../client/src/cluster/errors';
import type { ClusterConnection } from '../../../client/src/cluster/kubeconfig';
import { TargetSync, type TargetRead, type TargetSyncResult } from '../../../client/src/cluster/ui/targetSync';
import { syncHost } from './support';

// The machinery the cluster injector and the cluster CRDs share, over a read that never reaches a network: which
// target is read, what the server is sent and when, which read decides, what is logged.

const kubeconfig = (context: string): string => `apiVersion: v1
kind: Config
clusters: [{name: c-${context}, cluster: {server: 'https://127.0.0.1:6443'}}]
users: [{name: me, user: {token: secret-token-${context}}}]
contexts: [{name: ${context}, context: {cluster: c-${context}, user: me}}]
current-context: ${context}
`;

interface Value {
  readonly context: string;
  readonly variant?: string;
}
type Read = TargetRead<Value>;

const failed = (kind: ClusterProblem['kind']): Read => ({ kind: 'failed', problem: { kind, message: `token secret-token-dev refused (${kind}).`, nextStep: 'Ask.' } });

/** A sync over a scripted read: each call is recorded and answers `answer(context)` unless it is held back. */
function setup(opts: { trusted?: boolean; serverUp?: boolean; variant?: () => string | undefined } = {}) {
  const h = syncHost<Value>(kubeconfig('dev'), opts);
  const reads: { context: string; variant: string | undefined }[] = [];
  const held: ((r: Read) => void)[] = [];
  const control = { hold: false, answer: (context: string, variant: string | undefined): Read => ({ kind: 'found', params: { context, ...(variant ? { variant } : {}) } }) };
  const read = (conn: ClusterConnection, o: { readonly variant: string | undefined }): Promise<Read> => {
    reads.push({ context: conn.context, variant: o.variant });
    if (control.hold) {
      return new Promise((resolve) => held.push(resolve));
    }
    return Promise.resolve(control.answer(conn.context, o.variant));
  };
  const describe = (r: TargetSyncResult<Read>): string | undefined =>
    r.kind === 'superseded' ? undefined : r.kind === 'failed' ? `failed on ${r.context}: ${r.problem.message}` : `outcome ${r.kind}`;
  const sync = new TargetSync<Value, Read>(h.env, { ...(opts.variant ? { variant: opts.variant } : {}), read, deliveredAs: (p) => JSON.stringify(p), describe });
  const use = (context: string): void => {
    h.state.kubeconfig = kubeconfig(context);
  };
  return { ...h, sync, reads, held, control, use };
}

describe('TargetSync: a value read from the chosen cluster target and sent to the server', () => {
  test('an untrusted workspace or an unconfirmed target: nothing read, nothing sent', async () => {
    const s = setup({ trusted: false });
    s.confirm();
    assert.equal((await s.sync.sync()).kind, 'untrusted');
    s.state.trusted = true;
    s.use('staging');
    assert.deepEqual(await s.sync.sync({ refresh: true }), { kind: 'unconfirmed', context: 'staging' });
    await s.sync.sync();
    assert.deepEqual(s.reads, []);
    assert.deepEqual(s.sent, []);
    assert.equal(s.sync.params(), null);
    assert.deepEqual(s.logs.map((l) => l.line), ['outcome untrusted', 'outcome unconfirmed'], 'each outcome logged once');
  });

  test('no usable kubeconfig: null, with the problem', async () => {
    const s = setup();
    s.state.kubeconfig = '';
    const r = await s.sync.sync();
    assert.equal(r.kind, 'no-connection');
    assert.equal(r.kind === 'no-connection' ? r.problem.kind : '', 'no-current-context');
    assert.deepEqual(s.reads, []);
  });

  test('confirmed: read once per target and variant, sent once; refresh reads again; another target is read for itself', async () => {
    let revision: string | undefined;
    const s = setup({ variant: () => revision });
    s.confirm();
    assert.equal((await s.sync.sync()).kind, 'found');
    await s.sync.sync();
    assert.deepEqual(s.reads, [{ context: 'dev', variant: undefined }], 'the second sync read the cache');
    assert.deepEqual(s.sent, [{ context: 'dev' }], 'the server already holds it: not sent again');
    revision = 'canary';
    await s.sync.sync();
    assert.deepEqual(s.sent.at(-1), { context: 'dev', variant: 'canary' });
    revision = undefined;
    await s.sync.sync({ refresh: true });
    assert.equal(s.reads.length, 3, 'refresh reads again');
    s.use('staging');
    s.confirm();
    s.control.answer = () => ({ kind: 'missing' });
    assert.equal((await s.sync.sync()).kind, 'missing');
    assert.equal(s.sent.at(-1), null, 'nothing there: the server holds null');
    s.use('dev');
    assert.equal((await s.sync.sync()).kind, 'found', 'dev came from the cache');
    assert.equal(s.reads.length, 4);
  });

  test('a superseded read is dropped: the later sync decides what the server holds', async () => {
    const s = setup();
    s.confirm();
    s.control.hold = true;
    const slow = s.sync.sync();
    s.use('staging');
    s.confirm();
    s.control.hold = false;
    const fast = await s.sync.sync();
    assert.equal(fast.kind, 'found');
    s.held[0]?.({ kind: 'found', params: { context: 'dev' } });
    assert.deepEqual(await slow, { kind: 'superseded' });
    assert.deepEqual(s.sent, [{ context: 'staging' }], 'dev’s late answer never reached the server');
    assert.deepEqual(s.sync.params(), { context: 'staging' });
    assert.deepEqual(s.logs.map((l) => l.line), ['outcome found'], 'a superseded read logs nothing');
  });

  test('background syncs of one target share a read in flight; a refresh makes its own', async () => {
    const s = setup();
    s.confirm();
    s.control.hold = true;
    const first = s.sync.sync();
    const second = s.sync.sync();
    const refreshed = s.sync.sync({ refresh: true });
    assert.equal(s.reads.length, 2);
    for (const resolve of s.held) {
      resolve({ kind: 'found', params: { context: 'dev' } });
    }
    assert.deepEqual([(await first).kind, (await second).kind, (await refreshed).kind], ['superseded', 'superseded', 'found']);
  });

  test('the server (re)started: sent what it should hold, once per start, without reading again', async () => {
    const s = setup({ serverUp: false });
    s.confirm();
    await s.sync.sync();
    assert.deepEqual(s.sent, [], 'nothing can be sent while the server is down');
    s.state.serverUp = true;
    s.sync.serverStarted();
    s.sync.serverStarted();
    assert.deepEqual(s.sent, [{ context: 'dev' }, { context: 'dev' }], 'each start gets it once');
    await s.sync.sync();
    assert.equal(s.sent.length, 2, 'the running server holds it already');
    assert.equal(s.reads.length, 1);
    s.state.kubeconfig = '';
    await s.sync.sync();
    s.sync.serverStarted();
    assert.deepEqual(s.sent.at(-1), null, 'a started server holds null already: null is not sent again');
    assert.equal(s.sent.length, 3);
  });

  test('a failure: null, a redacted warning, read again next time; a cancelled read leaves the server as it was', async () => {
    const s = setup();
    s.confirm();
    await s.sync.sync();
    s.control.answer = () => failed('forbidden');
    assert.equal((await s.sync.sync({ refresh: true })).kind, 'failed');
    assert.equal(s.sent.at(-1), null);
    assert.deepEqual(s.logs.at(-1), { level: 'warn', line: 'failed on dev: token [redacted] refused (forbidden).' });
    s.control.answer = (context) => ({ kind: 'found', params: { context } });
    assert.equal((await s.sync.sync()).kind, 'found', 'a failure is not cached');
    assert.equal(s.reads.length, 3);
    const sent = s.sent.length;
    s.control.answer = () => failed('cancelled');
    assert.equal((await s.sync.sync({ refresh: true })).kind, 'failed');
    assert.equal(s.sent.length, sent);
    assert.deepEqual(s.sync.params(), { context: 'dev' });
    assert.notEqual(s.logs.at(-1)?.level, 'warn', 'a cancelled read is not logged');
  });
});
