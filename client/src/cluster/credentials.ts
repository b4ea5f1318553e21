import * as fs from 'node:fs';
import type { Cluster, User } from '@kubernetes/client-node';

// Credentials named by a kubeconfig, read only when a request needs them: token files, certificate and key files.
// A kubeconfig can name anything (`token-file: /dev/zero`, a FIFO, a 10 GB file), and a synchronous read of that on
// the extension host freezes every editor; so only regular files are read, with a size cap.

/** No token, certificate or key comes near this; a bigger file is not one. */
export const MAX_CREDENTIAL_FILE_BYTES = 1024 * 1024;
/** Kubeconfigs of hundreds of contexts stay far below. */
export const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

/** A file named by a kubeconfig could not be used; the message names it and says what to do. */
export class CredentialFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialFileError';
  }
}

const kib = (n: number): string => `${Math.round(n / 1024)} KiB`;

/** Reads a regular file of at most `maxBytes`; anything else is refused with a message naming `what` and the file. */
export function readRegularFile(file: string, what: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; the fstat below refuses it anyway.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be opened (${String(code)})`;
    throw new CredentialFileError(`The ${what} ${file} ${why}.`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      throw new CredentialFileError(`The ${what} ${file} is not a regular file (a device, FIFO, socket or folder), so it was not read; point the kubeconfig at a file.`);
    }
    if (st.size > maxBytes) {
      throw new CredentialFileError(`The ${what} ${file} is ${kib(st.size)}, more than the ${kib(maxBytes)} any ${what} needs, so it was not read.`);
    }
    const buf = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = fs.readSync(fd, buf, read, st.size - read, read);
      if (n === 0) {
        break;
      }
      read += n;
    }
    return buf.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** Tokens are trimmed as client-go trims a token file: `echo $TOKEN > file` leaves a newline no header may carry. */
export function trimToken(token: string): string {
  return token.trim();
}

/** A kubeconfig user as loaded, plus the token file client-node was kept from reading at load time. */
export interface PendingUser {
  readonly user: User | undefined;
  readonly tokenFile?: string;
}

/** The cluster and user with every file read (regular files only, capped) and the token trimmed. */
export function materialize(cluster: Cluster, pending: PendingUser): { cluster: Cluster; user: User | undefined; secrets: string[] } {
  const secrets: string[] = [];
  const asData = (file: string | undefined, what: string): string | undefined =>
    file ? readRegularFile(file, what, MAX_CREDENTIAL_FILE_BYTES).toString('base64') : undefined;
  const caData = asData(cluster.caFile, 'certificate-authority file');
  const c: Cluster = { ...cluster, ...(caData ? { caData, caFile: undefined } : {}) };
  const u = pending.user;
  if (!u) {
    return { cluster: c, user: undefined, secrets };
  }
  const certData = asData(u.certFile, 'client-certificate file');
  const keyData = asData(u.keyFile, 'client-key file');
  let token = u.token === undefined ? undefined : trimToken(u.token);
  if (token === undefined && pending.tokenFile) {
    token = trimToken(readRegularFile(pending.tokenFile, 'token-file', MAX_CREDENTIAL_FILE_BYTES).toString('utf8'));
  }
  for (const v of [token, keyData, keyData && Buffer.from(keyData, 'base64').toString('utf8')]) {
    if (v) {
      secrets.push(v);
    }
  }
  const user: User = {
    ...u,
    ...(certData ? { certData, certFile: undefined } : {}),
    ...(keyData ? { keyData, keyFile: undefined } : {}),
    ...(token !== undefined ? { token } : {}),
  };
  return { cluster: c, user, secrets };
}

const SECRET_NAME = /token|secret|password|passwd|key|credential|auth/i;

/** Secret values written in a kubeconfig user (tokens, passwords, key data, auth-provider and exec-env secrets). */
export function userSecrets(u: User): string[] {
  const out: string[] = [];
  const push = (v: unknown): void => {
    if (typeof v === 'string' && v !== '') {
      out.push(v);
    }
  };
  push(u.token);
  push(u.password);
  push(u.keyData);
  push(u.certData);
  if (u.keyData) {
    push(Buffer.from(u.keyData, 'base64').toString('utf8'));
  }
  const config = (u.authProvider as { config?: unknown } | undefined)?.config;
  if (config && typeof config === 'object') {
    for (const [k, v] of Object.entries(config as Record<string, unknown>)) {
      if (SECRET_NAME.test(k)) {
        push(v);
      }
    }
  }
  const env = (u.exec as { env?: unknown } | undefined)?.env;
  for (const e of Array.isArray(env) ? (env as unknown[]) : []) {
    const { name, value } = (e ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name === 'string' && SECRET_NAME.test(name)) {
      push(value);
    }
  }
  return out;
}

/** How a user authenticates, for messages that must not quote what a plugin printed. */
export function authDescription(u: User | undefined): { readonly exec?: string; readonly provider?: string } {
  const exec = (u?.exec as { command?: unknown } | undefined)?.command;
  const provider = (u?.authProvider as { name?: unknown } | undefined)?.name;
  return {
    ...(typeof exec === 'string' ? { exec } : {}),
    ...(typeof provider === 'string' ? { provider } : {}),
  };
}
