import { createHash } from 'node:crypto';
import type {
  CancellationToken,
  Diagnostic,
  ResultProgressReporter,
  WorkspaceDiagnosticParams,
  WorkspaceDiagnosticReport,
  WorkspaceDiagnosticReportPartialResult,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { DocumentDiagnosticReportKind } from 'vscode-languageserver/node';
import { fileTopic, type Dependencies } from '../core/index/workspaceIndex';
import type { CoreSettings } from '../core/settings';
import type { LspContext } from './context';
import { fileDiagnostics } from './diagnostics';
import type { ServerSettings } from './settings';
import type { WorkspaceScope } from './workspaceScope';

/** Reports sent in one partial result: large enough to be few messages, small enough to show progress. */
const PARTIAL_BATCH = 200;

/** The longest a pull computes without letting other requests (an edit, a document pull) through. */
const SLICE_MS = 8;

/** What the workspace side of the server tells this module. */
export interface WorkspaceHost {
  readonly ctx: LspContext;
  readonly scope: WorkspaceScope;
  isOpen(uri: string): boolean;
  /** True while the background scan is still reading files in. */
  scanning(): boolean;
}

/** What was last reported for a file, and what it was computed from. */
interface Reported {
  readonly resultId: string;
  readonly deps: Dependencies;
  /** The workspace folder it was reported for (with a trailing `/`), and that folder's settings then. */
  readonly folder: string;
  readonly settings: CoreSettings;
}

/**
 * LSP 3.17 workspace diagnostics: every manifest of the workspace that is not open in an editor (open files are
 * reported by document pulls). A file's result id is a hash of its diagnostics, and with it is kept what of the
 * index they were computed from: a pull recomputes only files whose inputs moved, reports those whose diagnostics came
 * out the same as `unchanged`, and says nothing of the rest. A pull with nothing to report is held until the index
 * or the settings change (the client asks again as soon as a pull ends); while the scan reads the workspace, reports
 * are streamed as partial results.
 */
export class WorkspaceDiagnostics {
  private readonly reported = new Map<string, Reported>();
  /** Files closed in an editor: what the client shows came from a document pull, so they are sent in full again. */
  private readonly closed = new Set<string>();
  private wakers: (() => void)[] = [];
  private disposed = false;

  constructor(private readonly host: WorkspaceHost) {}

  /** The index or the settings changed: held pulls look again. */
  changed(): void {
    const w = this.wakers;
    this.wakers = [];
    w.forEach((f) => f());
  }

  /** An editor closed the file: its next report is a full one, whatever the client's result id says. */
  editorClosed(uri: string): void {
    this.closed.add(uri);
  }

  /** Releases held pulls (the server shuts down). */
  dispose(): void {
    this.disposed = true;
    this.changed();
  }

  async pull(
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
    progress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>,
  ): Promise<WorkspaceDiagnosticReport> {
    const known = new Map(params.previousResultIds.map((p) => [p.uri, p.value] as const));
    // Without partial results, one report per file: a file looked at again once the scan is done replaces its first.
    const rest = new Map<string, WorkspaceDocumentDiagnosticReport>();
    let batch: WorkspaceDocumentDiagnosticReport[] = [];
    const sent = new Set<string>();
    const emit = (r: WorkspaceDocumentDiagnosticReport): void => {
      sent.add(r.uri);
      if (!progress) {
        rest.delete(r.uri);
        rest.set(r.uri, r);
        return;
      }
      batch.push(r);
      if (batch.length >= PARTIAL_BATCH) {
        progress.report({ items: batch });
        batch = [];
      }
    };
    for (;;) {
      // Registered before looking, so that a change made while this pull computes is not missed.
      const next = this.nextChange(token);
      const scanning = this.host.scanning();
      await this.reportChanges(known, sent, token, emit, scanning);
      if (batch.length > 0) {
        progress?.report({ items: batch });
        batch = [];
      }
      if (token.isCancellationRequested || this.disposed || (sent.size > 0 && !scanning)) {
        return { items: [...rest.values()] };
      }
      await next;
    }
  }

  /**
   * Emits a report for every file whose diagnostics the client does not have, and clears files no longer in scope.
   * `newOnly` (while the scan reads files in): only files not reported yet; the others, and files removed meanwhile,
   * are looked at again once, when the scan is done, instead of after every batch it reads (a look at every file
   * after each of the 200 batches of a 10,000-file workspace was half a second of the first report).
   */
  private async reportChanges(
    known: Map<string, string>,
    sent: ReadonlySet<string>,
    token: CancellationToken,
    emit: (r: WorkspaceDocumentDiagnosticReport) => void,
    newOnly: boolean,
  ): Promise<void> {
    const { ctx } = this.host;
    const index = ctx.service.index;
    let slice = performance.now();
    const seen = new Set<string>();
    // Settings are asked once per folder and pass, and awaited only then (the cache answers, but an await per file
    // adds up).
    const folderSettings = new Map<string, ServerSettings>();
    const settingsOf = async (folder: string): Promise<ServerSettings> => {
      let settings = folderSettings.get(folder);
      if (!settings) {
        settings = await this.host.scope.folderSettings(folder);
        folderSettings.set(folder, settings);
      }
      return settings;
    };
    let n = 0;
    for (const uri of [...index.uris()]) {
      if (token.isCancellationRequested) {
        return;
      }
      if (++n % 64 === 0 && performance.now() - slice > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
      }
      if (newOnly) {
        if (sent.has(uri)) {
          continue; // reported in this pull already: looked at again when the scan is done
        }
      } else {
        seen.add(uri);
      }
      if (this.host.isOpen(uri)) {
        continue; // the document pull's
      }
      // Most files: the client has them as they are. (Whether a file is excluded changes only with its settings.)
      // Objects that only moved do not count: the report's positions follow its own file and the files its related
      // locations point into (file topics, recorded below).
      const last = this.reported.get(uri);
      if (last && known.get(uri) === last.resultId) {
        const now = folderSettings.get(last.folder) ?? (await settingsOf(last.folder));
        if (now.core === last.settings && now.scope === 'workspace' && (newOnly || index.isCurrentApartFromMoves(last.deps))) {
          continue;
        }
      }
      const folder = this.host.scope.folderOf(uri);
      let settings: ServerSettings | undefined;
      if (folder) {
        settings = await settingsOf(folder);
        if (settings.scope !== 'workspace' || !this.host.scope.includes(uri, folder, settings)) {
          settings = undefined;
        }
      }
      if (!settings || !index.get(uri)) {
        this.forget(uri, known, emit);
        continue;
      }
      const core = settings.core;
      const { value: items, deps } = index.record(() => {
        const diagnostics = fileDiagnostics(ctx, uri, core);
        // Related locations are placed with the other file's text: its edits move them.
        for (const d of diagnostics) {
          d.relatedInformation?.forEach((r) => index.dependOn(fileTopic(r.location.uri)));
        }
        return diagnostics;
      });
      const resultId = hashOf(items);
      this.reported.set(uri, { resultId, deps, folder: folder ?? '', settings: settings.core });
      const closed = this.closed.delete(uri);
      if (known.get(uri) === resultId && !closed) {
        if (sent.has(uri)) {
          continue; // sent in this pull already, as it is now
        }
        emit({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version: null, resultId });
      } else {
        emit({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId, items });
      }
      known.set(uri, resultId);
    }
    if (newOnly) {
      return; // files removed meanwhile are cleared once the scan is done
    }
    for (const uri of [...known.keys()]) {
      if (!seen.has(uri) && !this.host.isOpen(uri)) {
        this.forget(uri, known, emit); // removed from the workspace
      }
    }
    for (const uri of this.reported.keys()) {
      if (!seen.has(uri)) {
        this.reported.delete(uri);
      }
    }
  }

  /** A file the client has diagnostics for that is gone or out of scope: its diagnostics are cleared. */
  private forget(uri: string, known: Map<string, string>, emit: (r: WorkspaceDocumentDiagnosticReport) => void): void {
    this.reported.delete(uri);
    if (known.delete(uri)) {
      emit({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, items: [] });
    }
  }

  private nextChange(token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      const cancel = token.onCancellationRequested(() => wake());
      const wake = (): void => {
        cancel.dispose();
        resolve();
      };
      this.wakers.push(wake);
    });
  }
}

/** A result id: the same diagnostics give the same id, across pulls and server restarts. */
function hashOf(items: readonly Diagnostic[]): string {
  return items.length === 0 ? NO_DIAGNOSTICS_ID : createHash('sha1').update(JSON.stringify(items)).digest('base64url');
}

/** The id of most files' report (nothing found): one string, computed once. */
const NO_DIAGNOSTICS_ID = createHash('sha1').update(JSON.stringify([])).digest('base64url');
