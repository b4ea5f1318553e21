/** A small LSP client over stdio for the benchmarks: any server, pull or push diagnostics, timings in ms. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { MessageConnection } from 'vscode-languageserver-protocol/node';
import {
  createMessageConnection,
  DiagnosticRefreshRequest,
  DocumentDiagnosticRequest,
  InitializedNotification,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, Diagnostic, FullDocumentDiagnosticReport, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

export const now = (): number => performance.now();

export interface ServerSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Answers `workspace/configuration` items by section. */
  readonly configuration: (section: string | undefined) => unknown;
  /** Environment variables set for the server besides the bench's own. */
  readonly env?: Readonly<Record<string, string>>;
}

type Waiter<T> = { match: (v: T) => boolean; resolve: (v: T) => void };

export class BenchClient {
  readonly connection: MessageConnection;
  readonly proc: ChildProcess;
  private readonly diagWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private refreshWaiters: (() => void)[] = [];
  private configWaiters: (() => void)[] = [];
  configurationAnswered = 0;
  stderr = '';

  constructor(readonly spec: ServerSpec) {
    this.proc = spawn(spec.command, [...spec.args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...spec.env } });
    this.proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    const { stdout, stdin } = this.proc;
    if (!stdout || !stdin) {
      throw new Error(`${spec.name}: no stdio`);
    }
    this.connection = createMessageConnection(new StreamMessageReader(stdout), new StreamMessageWriter(stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const i = this.diagWaiters.findIndex((w) => w.match(p));
      if (i >= 0) {
        const [w] = this.diagWaiters.splice(i, 1);
        w?.resolve(p);
      }
    });
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      const waiters = this.refreshWaiters;
      this.refreshWaiters = [];
      waiters.forEach((w) => w());
      return null;
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.configurationAnswered++;
      const waiters = this.configWaiters;
      this.configWaiters = [];
      setImmediate(() => waiters.forEach((w) => w()));
      return p.items.map((i) => spec.configuration(i.section));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('telemetry/event', () => undefined);
    this.connection.onNotification(() => undefined);
    this.connection.listen();
  }

  async initialize(workspaceFolderUri?: string): Promise<void> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        diagnostics: { refreshSupport: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceFolders: true,
      },
      textDocument: {
        synchronization: { dynamicRegistration: true, didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: false },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
      },
    };
    const folders = workspaceFolderUri ? [{ uri: workspaceFolderUri, name: 'ws' }] : null;
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders?.[0]?.uri ?? null,
      workspaceFolders: folders,
      capabilities,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves at the next `workspace/configuration` request (answered). */
  nextConfiguration(timeoutMs = 10_000): Promise<void> {
    return withTimeout(new Promise<void>((r) => this.configWaiters.push(r)), timeoutMs, `${this.spec.name}: no configuration request`);
  }

  /** Resolves at the server's next `workspace/diagnostic/refresh`. */
  nextRefresh(timeoutMs = 60_000): Promise<void> {
    return withTimeout(new Promise<void>((r) => this.refreshWaiters.push(r)), timeoutMs, `${this.spec.name}: no refresh`);
  }

  /** Resolves at the next pushed diagnostics for the uri. */
  nextPublish(uri: string, timeoutMs = 120_000): Promise<PublishDiagnosticsParams> {
    return withTimeout(
      new Promise<PublishDiagnosticsParams>((resolve) => this.diagWaiters.push({ match: (p) => p.uri === uri, resolve })),
      timeoutMs,
      `${this.spec.name}: no diagnostics for ${uri}`,
    );
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  /** A full-text change (what the benchmarks send; VS Code sends ranges, which the server applies the same way). */
  change(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental change replacing one range. */
  changeRange(uri: string, version: number, range: { start: Pos; end: Pos }, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  closeDoc(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async pull(uri: string): Promise<Diagnostic[]> {
    const r = (await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
    return r.items;
  }

  /** CPU time the server's threads have run so far, in ms (Linux). */
  cpu(): number {
    return cpuMs(this.proc.pid ?? 0);
  }

  /** Resident set size of the server process, from /proc (Linux), in bytes. */
  rss(): number | undefined {
    return this.status('VmRSS');
  }

  /** The largest resident set size the server process has had, from /proc (Linux), in bytes. */
  peakRss(): number | undefined {
    return this.status('VmHWM');
  }

  private status(field: string): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 5000, 'shutdown');
      await this.connection.sendNotification('exit');
      await withTimeout(exited, 5000, 'exit'); // let it write a --cpu-prof profile
    } catch {
      // killed below
    } finally {
      this.connection.dispose();
      if (this.proc.exitCode === null) {
        this.proc.kill();
      }
    }
  }
}

export interface Pos {
  readonly line: number;
  readonly character: number;
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * CPU time all threads of a process have spent running, in ms, from /proc/<pid>/task/<tid>/schedstat (nanoseconds;
 * Linux). Unlike wall-clock time it does not count the time other processes on a busy machine hold the CPUs.
 */
export function cpuMs(pid: number): number {
  let ns = 0;
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0] ?? 0);
      } catch {
        // the thread ended
      }
    }
  } catch {
    return NaN;
  }
  return ns / 1e6;
}
