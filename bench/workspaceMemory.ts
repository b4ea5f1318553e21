/**
 * The live heap the 10,000-file workspace (bench/.data/ws) holds, step by step, in one process:
 * `node --expose-gc --import tsx bench/workspaceMemory.ts [--snapshot FILE]` prints heap used after full collections
 * before reading the files, with their texts read, with every file set in a `MeshService`, with every file validated,
 * and with the LSP layer's workspace report (its `TextDocument`s and what `WorkspaceDiagnostics` keeps per file), then
 * after an edit of a Service's selector and its re-report. The server's own `process.memoryUsage()` counts garbage
 * not yet collected. `--snapshot FILE` writes a heap snapshot at the end (open it in Chrome's DevTools).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import { TextDocuments } from 'vscode-languageserver/node';
import type { CancellationToken, Connection, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MeshService } from '../server/src/core/service';
import { normalizeSettings } from '../server/src/core/settings';
import { LspContext } from '../server/src/lsp/context';
import { SettingsCache } from '../server/src/lsp/settings';
import { WorkspaceDiagnostics } from '../server/src/lsp/workspaceDiagnostics';
import { WorkspaceScope } from '../server/src/lsp/workspaceScope';
import { generate, service as serviceText, WS_DIR, wsNamespace, wsServicePath } from './generate';
import { liveHeap } from './liveHeap';

const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

const args = process.argv.slice(2);
const snapshotArg = args.indexOf('--snapshot');
const snapshot = snapshotArg >= 0 ? args[snapshotArg + 1] : undefined;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.push(...filesUnder(full));
    } else {
      out.push(full);
    }
  }
  return out;
}

const NO_CANCEL: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };

async function main(): Promise<void> {
  generate();
  const figures: [string, number][] = [];
  const step = (name: string): void => {
    figures.push([name, liveHeap()]);
  };
  step('before');
  const paths = filesUnder(WS_DIR);
  let texts: (string | undefined)[] = paths.map((p) => fs.readFileSync(p, 'utf8'));
  const uris = paths.map((p) => pathToFileURL(p).toString());
  step('texts read');
  const service = new MeshService();
  uris.forEach((u, i) => service.setFile(u, texts[i] ?? ''));
  texts = [];
  step('files set (texts now held by the index only)');
  const settings = normalizeSettings({ profile: 'native' });
  uris.forEach((u) => service.validate(u, settings));
  step('files validated (core)');

  const connection = {} as Connection;
  const cache = new SettingsCache(connection, () => false);
  cache.setFallback({ profile: 'native' });
  const documents = new TextDocuments(TextDocument);
  const ctx = new LspContext(service, documents, cache);
  const folder = pathToFileURL(WS_DIR).toString();
  const scope = new WorkspaceScope(() => [folder], cache);
  const workspace = new WorkspaceDiagnostics({ ctx, scope, isOpen: () => false, scanning: () => false });
  const ids = new Map<string, string>();
  const keep = (items: readonly WorkspaceDocumentDiagnosticReport[]): void =>
    items.forEach((r) => (r.resultId === undefined ? ids.delete(r.uri) : ids.set(r.uri, r.resultId)));
  const previous = (): { uri: string; value: string }[] => [...ids].map(([uri, value]) => ({ uri, value }));
  keep((await workspace.pull({ previousResultIds: [] }, NO_CANCEL)).items);
  step('workspace report (LSP layer)');

  // The bench's edit: a Service's selector pointed at its neighbour's pods (file not open here: set from disk).
  const uri = pathToFileURL(wsServicePath(0)).toString();
  const text = serviceText(0, wsNamespace(0));
  service.setFile(uri, text.replace(/app: app-(\d+)\n  ports/, (_m, n: string) => `app: app-${String(Number(n) + 1).padStart(4, '0')}\n  ports`));
  workspace.changed();
  keep((await workspace.pull({ previousResultIds: previous() }, NO_CANCEL)).items);
  service.setFile(uri, text);
  workspace.changed();
  keep((await workspace.pull({ previousResultIds: previous() }, NO_CANCEL)).items);
  step('after an edit and its undo, re-reported');

  let prev = 0;
  for (const [name, bytes] of figures) {
    process.stdout.write(`${name.padEnd(48)} ${mib(bytes).padStart(10)}  (${bytes - prev >= 0 ? '+' : ''}${mib(bytes - prev)})\n`);
    prev = bytes;
  }
  if (snapshot) {
    v8.writeHeapSnapshot(snapshot);
    process.stdout.write(`heap snapshot: ${snapshot}\n`);
  }
  // Keep everything alive until the figures are taken.
  void [service, workspace, ctx, ids];
}

void main();
