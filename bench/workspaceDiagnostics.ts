/**
 * Workspace diagnostics of the 10,000-file workspace (bench/.data/ws): the first complete workspace report from
 * `initialize`, the time from an edit to the answer of a held workspace pull, what that answer holds, and the
 * server's memory. Usage: node esbuild.mjs && node --import tsx bench/workspaceDiagnostics.ts [--runs N]
 * Prints figures only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkspaceDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import type { PreviousResultId, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { generate, service, WS_DIR, wsNamespace, wsServicePath } from './generate';
import { BenchClient, median, now } from './lsp';

const ROOT = path.resolve(__dirname, '..');
const SERVER = process.env['BENCH_SERVER'] ?? path.join(ROOT, 'dist', 'server.js');
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;
/** Extra node flags for the server, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/.data/prof". */
const SERVER_NODE_ARGS = (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');

let tokens = 0;

/** One workspace pull; `onPartial` sees each partial result as it arrives. */
async function pull(
  client: BenchClient,
  previousResultIds: PreviousResultId[],
  onPartial: (items: WorkspaceDocumentDiagnosticReport[]) => void = () => undefined,
): Promise<WorkspaceDocumentDiagnosticReport[]> {
  const partialResultToken = `bench-${++tokens}`;
  const all: WorkspaceDocumentDiagnosticReport[] = [];
  const sub = client.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, partialResultToken, (p) => {
    all.push(...p.items);
    onPartial(p.items);
  });
  try {
    const r = await client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds, partialResultToken });
    all.push(...r.items);
    return all;
  } finally {
    sub.dispose();
  }
}

function idsAfter(ids: Map<string, string>, reports: readonly WorkspaceDocumentDiagnosticReport[]): void {
  for (const r of reports) {
    if (r.resultId === undefined) {
      ids.delete(r.uri);
    } else {
      ids.set(r.uri, r.resultId);
    }
  }
}

const asList = (ids: Map<string, string>): PreviousResultId[] => [...ids].map(([uri, value]) => ({ uri, value }));

async function main(): Promise<void> {
  generate();
  const client = new BenchClient({
    name: 'istio',
    command: process.execPath,
    args: [...SERVER_NODE_ARGS, SERVER, '--stdio'],
    configuration: () => ({ profile: 'native' }),
  });
  try {
    const t0 = now();
    await client.initialize(pathToFileURL(WS_DIR).toString());
    let firstPartial: number | undefined;
    const first = await pull(client, [], () => (firstPartial ??= now() - t0));
    const complete = now() - t0;
    const ids = new Map<string, string>();
    idsAfter(ids, first);
    const withFindings = first.filter((r) => r.kind === 'full' && r.items.length > 0).length;
    const memory = (await client.connection.sendRequest('$/istio/memoryUsage')) as { heapUsed: number; rss: number };
    console.log(`workspace: ${fs.readdirSync(WS_DIR).length} folders, ${first.length} files reported, ${withFindings} with findings`);
    console.log(`first partial result: ${firstPartial?.toFixed(0) ?? '-'} ms after initialize`);
    console.log(`first complete workspace report: ${complete.toFixed(0)} ms after initialize (target ≤ 3 s)`);
    console.log(`server memory after it: heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB, rss ${(memory.rss / 2 ** 20).toFixed(0)} MB`);

    const t1 = now();
    const again = await pull(client, []);
    console.log(`full report again (a client without result ids, index built): ${(now() - t1).toFixed(0)} ms, ${again.length} files`);

    // An edit in an editor: a Service pointed at its neighbour's pods, and back. The held pull answers with the files
    // whose findings can change.
    const times: number[] = [];
    const sizes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const i = 2 * run;
      const uri = pathToFileURL(wsServicePath(i)).toString();
      const text = service(i, wsNamespace(i));
      await client.open(uri, text); // from here, the file is the document pull's
      const held = pull(client, asList(ids));
      const t = now();
      await client.change(uri, text.replace(/app: app-(\d+)\n  ports/, (_m, n: string) => `app: app-${String(Number(n) + 1).padStart(4, '0')}\n  ports`), 2);
      const answer = await held;
      times.push(now() - t);
      sizes.push(answer.length);
      idsAfter(ids, answer);
      await client.closeDoc(uri);
      idsAfter(ids, await pull(client, asList(ids)));
    }
    console.log(
      `edit -> workspace re-report: median ${median(times).toFixed(1)} ms over ${RUNS} edits (target ≤ 50 ms); files re-reported: median ${median(sizes)}`,
    );
    const after = (await client.connection.sendRequest('$/istio/memoryUsage')) as { heapUsed: number; rss: number };
    console.log(
      `server memory after the edits: heap ${(after.heapUsed / 2 ** 20).toFixed(0)} MB, rss ${(after.rss / 2 ** 20).toFixed(0)} MB ` +
        `(peak rss ${((client.peakRss() ?? NaN) / 2 ** 20).toFixed(0)} MB; target ≤ 250 MB)`,
    );
  } finally {
    await client.close();
  }
}

void main();
