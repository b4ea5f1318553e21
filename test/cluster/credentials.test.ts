import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { parse, stringify } from 'yaml';
import { checkConnection, connectionFromText, loadKubeconfig, type ClusterConnection } from '../../client/src/cluster/kubeconfig';
import { MAX_CREDENTIAL_FILE_BYTES } from '../../client/src/cluster/credentials';
import { Redactor } from '../../client/src/cluster/redact';
import { RedactingUi } from '../../client/src/cluster/ui/redactingUi';
import { ScriptedUi } from '../unit/clusterUi/support';
import type { Emulator } from './emulator';
import { emulator } from './helpers';

// Credentials of a kubeconfig against the emulator: tokens trimmed as client-go does, token files read lazily and
// only when regular and small, and no credential in any message, whatever the plugin or the transport printed.

function tmpdir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-credentials-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The emulator's kubeconfig with its user replaced. */
function withUser(emu: Emulator, user: Record<string, unknown>): string {
  const doc = parse(emu.kubeconfigYaml()) as { users: { name: string; user: Record<string, unknown> }[] };
  doc.users[0]!.user = user;
  return stringify(doc);
}

function connection(text: string, redactor = new Redactor([])): ClusterConnection {
  const r = connectionFromText(text, { requestTimeoutMs: 10_000, redactor });
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  return r.connection;
}

/** An exec plugin: a node script, run without a shell. */
function execUser(script: string): Record<string, unknown> {
  return { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script] } };
}

const credential = (token: string): string =>
  JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } });

describe('tokens', () => {
  test('a token or token-file ending in a newline (echo $TOKEN > file) is trimmed and accepted', async (t) => {
    const emu = await emulator(t);
    const inline = await checkConnection(connection(withUser(emu, { token: `${emu.tokens.admin}\n` })));
    assert.ok(inline.ok, inline.ok ? '' : inline.problem.message);
    const file = path.join(tmpdir(t), 'token');
    fs.writeFileSync(file, `  ${emu.tokens.admin}\n`);
    const fromFile = await checkConnection(connection(withUser(emu, { 'token-file': file })));
    assert.ok(fromFile.ok, fromFile.ok ? '' : fromFile.problem.message);
  });

  test('a relative token-file is read from the kubeconfig file\'s folder, when the first request is made', async (t) => {
    const emu = await emulator(t);
    const dir = tmpdir(t);
    const kubeconfig = path.join(dir, 'config');
    fs.writeFileSync(kubeconfig, withUser(emu, { 'token-file': 'token' }));
    const r = loadKubeconfig({ path: kubeconfig });
    assert.ok(r.ok, r.ok ? '' : r.problem.message);
    fs.writeFileSync(path.join(dir, 'token'), `${emu.tokens.admin}\n`); // written after loading: read lazily
    const check = await checkConnection(r.connection);
    assert.ok(check.ok, check.ok ? '' : check.problem.message);
  });

  test('a token with a line break inside fails with a fixed sentence and the error code, never the token', async (t) => {
    const emu = await emulator(t);
    const token = 'first-half-of-a-token\nsecond-half-of-a-token';
    const r = await checkConnection(connection(withUser(emu, { token })));
    assert.ok(!r.ok);
    assert.match(r.problem.message, /^The request to the cluster "emulator-cluster" at https:\/\/127\.0\.0\.1:\d+ failed before the cluster answered( \([A-Za-z_]+\))?\.$/);
    for (const part of ['first-half-of-a-token', 'second-half-of-a-token']) {
      assert.ok(!r.problem.message.includes(part));
    }
  });
});

describe('token files that are not tokens', () => {
  const refused = async (t: TestContext, tokenFile: string, why: RegExp): Promise<void> => {
    const emu = await emulator(t);
    // Loading (the status bar, the context picker) must not touch the token file at all.
    const conn = connection(withUser(emu, { 'token-file': tokenFile }));
    const r = await checkConnection(conn);
    assert.ok(!r.ok);
    assert.equal(r.problem.kind, 'credentials');
    assert.match(r.problem.message, why);
    assert.equal(emu.requests.length, 0, 'nothing is sent without credentials');
  };

  test('/dev/zero: refused as not a regular file, without reading it', { timeout: 30_000 }, (t) =>
    refused(t, '/dev/zero', /The token-file \/dev\/zero is not a regular file \(a device, FIFO, socket or folder\)/));

  test('a FIFO nobody writes to: refused, without waiting for a writer', { timeout: 30_000 }, async (t) => {
    const fifo = path.join(tmpdir(t), 'token-fifo');
    execFileSync('mkfifo', [fifo]);
    await refused(t, fifo, /is not a regular file/);
  });

  test('a file larger than the cap, a folder and a missing file: refused, each with its reason', async (t) => {
    const dir = tmpdir(t);
    const big = path.join(dir, 'big');
    fs.writeFileSync(big, Buffer.alloc(MAX_CREDENTIAL_FILE_BYTES + 1, 'a'));
    await refused(t, big, /is 1024 KiB, more than the 1024 KiB any token-file needs/);
    await refused(t, dir, /is not a regular file/);
    await refused(t, path.join(dir, 'missing'), /The token-file .*missing does not exist\./);
  });

  test('certificate and key files are held to the same rule, when the first request is made', { timeout: 30_000 }, async (t) => {
    const emu = await emulator(t);
    const key = await checkConnection(connection(withUser(emu, { 'client-certificate': '/dev/zero', 'client-key': '/dev/zero' })));
    assert.ok(!key.ok);
    assert.match(key.problem.message, /The client-certificate file \/dev\/zero is not a regular file/);
    const doc = parse(emu.kubeconfigYaml()) as { clusters: { cluster: Record<string, unknown> }[] };
    delete doc.clusters[0]!.cluster['certificate-authority-data'];
    doc.clusters[0]!.cluster['certificate-authority'] = '/dev/zero';
    const ca = await checkConnection(connection(stringify(doc)));
    assert.ok(!ca.ok);
    assert.match(ca.problem.message, /The certificate-authority file \/dev\/zero is not a regular file/);
    assert.equal(emu.requests.length, 0);
  });

  test('a kubeconfig that is /dev/zero is refused with a clear error, not read forever', { timeout: 30_000 }, () => {
    const r = loadKubeconfig({ path: '/dev/zero' });
    assert.ok(!r.ok);
    assert.equal(r.problem.message, 'The kubeconfig /dev/zero is not a regular file (a device, FIFO, socket or folder), so it was not read; point the kubeconfig at a file.');
  });
});

describe('exec plugins', () => {
  test('the token an exec plugin returned is redacted from anything shown afterwards', async (t) => {
    const emu = await emulator(t);
    const conn = connection(withUser(emu, execUser(`process.stdout.write(${JSON.stringify(credential(emu.tokens.admin))})`)));
    const r = await checkConnection(conn);
    assert.ok(r.ok, r.ok ? '' : r.problem.message);
    const ui = new ScriptedUi();
    new RedactingUi(ui, conn.redactor).log('info', `server said: your token ${emu.tokens.admin} is fine`);
    assert.deepEqual(ui.logs.map((l) => l.line), ['server said: your token [redacted] is fine']);
  });

  test('a failing plugin: what it printed on stderr is shown redacted (Bearer values, known credentials)', async (t) => {
    const emu = await emulator(t);
    const leaked = 'sk-live-0123456789abcdef';
    const text = withUser(emu, execUser(`process.stderr.write('error: refresh failed for Bearer ${leaked}\\n'); process.exit(3)`));
    const r = await checkConnection(connection(text));
    assert.ok(!r.ok);
    assert.equal(r.problem.kind, 'credentials');
    assert.match(r.problem.message, /its exec plugin ".*" failed; it said: error: refresh failed for Bearer \[redacted\]$/);
    assert.ok(!r.problem.message.includes(leaked));
  });

  test('a plugin printing a raw token instead of an ExecCredential: a fixed sentence, not the start of its output', async (t) => {
    const emu = await emulator(t);
    const raw = 'eyJhbGciOiJSUzI1NiJ9.raw-token-printed-by-mistake';
    const r = await checkConnection(connection(withUser(emu, execUser(`process.stdout.write('${raw}')`))));
    assert.ok(!r.ok);
    assert.match(r.problem.message, /its exec plugin ".*" did not print an ExecCredential as JSON\.$/);
    assert.ok(!r.problem.message.includes('eyJhbGci'));
  });

  test('a plugin that does not exist: named, with the error code', async (t) => {
    const emu = await emulator(t);
    const r = await checkConnection(connection(withUser(emu, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/nonexistent/kubectl-oidc' } })));
    assert.ok(!r.ok);
    assert.match(r.problem.message, /its exec plugin "\/nonexistent\/kubectl-oidc" could not be started \(ENOENT\)\.$/);
  });
});

describe('credentials written in the kubeconfig', () => {
  test('tokens, passwords, key data and auth-provider secrets are known to the redactor as soon as it loads', async (t) => {
    const emu = await emulator(t);
    const doc = parse(emu.kubeconfigYaml()) as { users: { name: string; user: Record<string, unknown> }[] };
    doc.users.push(
      { name: 'basic', user: { username: 'admin', password: 'p4ssw0rd-of-basic' } },
      { name: 'gcp', user: { 'auth-provider': { name: 'gcp', config: { 'access-token': 'ya29.access-token-value', 'cmd-path': '/usr/bin/gcloud' } } } },
      { name: 'cert', user: { 'client-key-data': Buffer.from('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKeyMaterialLine\n-----END EC PRIVATE KEY-----\n').toString('base64') } },
    );
    const redactor = new Redactor([]);
    connection(stringify(doc), redactor);
    const line = `${emu.tokens.admin} p4ssw0rd-of-basic ya29.access-token-value MHcCAQEEIKeyMaterialLine /usr/bin/gcloud`;
    assert.equal(redactor.redact(line), '[redacted] [redacted] [redacted] [redacted] /usr/bin/gcloud');
  });
});
