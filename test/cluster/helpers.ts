import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import * as http from 'node:http';
import type { TestContext } from 'node:test';
import { connectionFromText, type ClusterConnection } from '../../client/src/cluster/kubeconfig';
import { startEmulator, type Emulator, type EmulatorOptions } from './emulator';

/** Starts an emulator for one test and stops it when the test ends. */
export async function emulator(t: TestContext, opts: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator(opts);
  t.after(() => emu.close());
  return emu;
}

/** A connection to the emulator through a real kubeconfig (TLS verified against the emulator's CA). */
export function connect(emu: Emulator, opts: { token?: string; namespace?: string; contextNamespace?: string; timeoutMs?: number } = {}): ClusterConnection {
  const r = connectionFromText(emu.kubeconfigYaml('emulator', opts.token ?? emu.tokens.admin, { namespace: opts.contextNamespace }), {
    namespace: opts.namespace,
    requestTimeoutMs: opts.timeoutMs ?? 10_000,
  });
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  return r.connection;
}

/** A response body as tests poke at it (raw JSON of arbitrary shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any;

/** A raw request to the emulator (for checking the emulator's own conventions). */
export function raw(
  emu: Emulator,
  method: string,
  path: string,
  opts: { body?: unknown; contentType?: string; token?: string | null } = {},
): Promise<{ status: number; body: Body }> {
  const u = new URL(emu.url + path);
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? emu.tokens.admin : opts.token;
  if (token !== null) {
    headers.Authorization = `Bearer ${token}`;
  }
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['Content-Type'] = opts.contentType ?? 'application/json';
  }
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, ...(emu.caPem ? { ca: emu.caPem } : {}) },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => {
          let body: unknown = data;
          try {
            body = data ? JSON.parse(data) : undefined;
          } catch {
            // plain text (healthz)
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) {
      req.write(payload);
    }
    req.end();
  });
}

/** YAML of several documents. */
export function docs(...parts: string[]): string {
  return parts.map((p) => p.trim()).join('\n---\n') + '\n';
}
