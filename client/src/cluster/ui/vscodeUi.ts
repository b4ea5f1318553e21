import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommonAction, FileRef, FlowUi, GeneratedDocument, InputRequest, Notice, PickedFolder, PickItem, PickRequest, Question, Severity } from './flowUi';
import { typedConfirmationMatches } from './production';

const COMMON: ReadonlySet<string> = new Set<CommonAction>(['showLogs', 'selectContext', 'selectNamespace', 'openSettings']);

function show(severity: Severity): typeof vscode.window.showInformationMessage {
  return severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
}

/** The cluster flows' UI in VS Code: modal messages, quick picks and input boxes, dialogs, notification progress. */
export class VscodeFlowUi implements FlowUi {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  async ask<T extends string>(q: Question<T>): Promise<T | undefined> {
    const items = q.choices.map((c) => ({ title: c.label, id: c.id }));
    const pick = await show(q.severity)(q.message, { modal: true, detail: q.detail }, ...items);
    return pick?.id;
  }

  async typeToConfirm(q: { readonly prompt: string; readonly expected: string }): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: vscode.l10n.t('Confirm the production context'),
      prompt: q.prompt,
      placeHolder: q.expected,
      ignoreFocusOut: true,
      validateInput: (v) =>
        v === '' || typedConfirmationMatches(v, q.expected) ? undefined : vscode.l10n.t('Type "{0}" exactly, or press Escape to cancel.', q.expected),
    });
  }

  progress<R>(title: string, task: (report: (message: string, done: number, total: number) => void, signal: AbortSignal) => Promise<R>): Promise<R> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let last = 0;
        try {
          return await task((message, done, total) => {
            const pct = total > 0 ? (done / total) * 100 : 0;
            p.report({ message: `${done}/${total} ${message}`, increment: Math.max(0, pct - last) });
            last = pct;
          }, abort.signal);
        } finally {
          sub.dispose();
        }
      }),
    );
  }

  log(level: 'info' | 'warn' | 'error', line: string): void {
    this.channel[level](line);
  }

  async notify(n: Notice): Promise<string | undefined> {
    const pick = await show(n.severity)(n.message, ...n.actions.map((a) => ({ title: a.label, id: a.id })));
    if (!pick || !COMMON.has(pick.id)) {
      return pick?.id;
    }
    switch (pick.id as CommonAction) {
      case 'showLogs':
        this.channel.show();
        break;
      case 'selectContext':
        await vscode.commands.executeCommand('istio.selectContext');
        break;
      case 'selectNamespace':
        await vscode.commands.executeCommand('istio.selectNamespace');
        break;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'istio.kubeconfig');
        break;
    }
    return undefined;
  }

  async pick<T>(q: PickRequest<T>): Promise<PickItem<T> | undefined> {
    // Quick pick items are shown as given: copy them, so the value never meets VS Code's own item fields.
    const items = q.items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, item }));
    const pick = await vscode.window.showQuickPick(items, {
      title: q.title,
      ...(q.placeHolder === undefined ? {} : { placeHolder: q.placeHolder }),
      ...(q.matchOnDescription ? { matchOnDescription: true } : {}),
    });
    return pick?.item;
  }

  async input(q: InputRequest): Promise<string | undefined> {
    const validate = q.validate;
    return vscode.window.showInputBox({
      title: q.title,
      prompt: q.prompt,
      ignoreFocusOut: true,
      ...(q.value === undefined ? {} : { value: q.value }),
      ...(q.placeHolder === undefined ? {} : { placeHolder: q.placeHolder }),
      ...(validate ? { validateInput: (v: string) => validate(v) } : {}),
    });
  }

  async pickFolder(q: { readonly title: string; readonly openLabel: string }): Promise<PickedFolder | undefined> {
    const picked = await vscode.window.showOpenDialog({ title: q.title, canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: q.openLabel });
    const dir = picked?.[0];
    if (!dir) {
      return undefined;
    }
    return dir.scheme === 'file' ? { path: dir.fsPath } : { notLocal: dir.toString() };
  }

  async showGenerated(q: { readonly language: string; readonly content: string }): Promise<GeneratedDocument> {
    const doc = await vscode.workspace.openTextDocument({ language: q.language, content: q.content });
    await vscode.window.showTextDocument(doc, { preview: false });
    return {
      saveAs: async ({ title, fileName }) => {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const dest = await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}), title });
        if (!dest) {
          return undefined;
        }
        await vscode.workspace.fs.writeFile(dest, Buffer.from(doc.getText(), 'utf8'));
        return vscode.workspace.asRelativePath(dest);
      },
    };
  }

  async copy(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }

  async openExternal(url: string): Promise<void> {
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }

  async findFiles(glob: string, limit: number): Promise<FileRef[]> {
    return (await vscode.workspace.findFiles(glob, '**/node_modules/**', limit)).map(fileRef);
  }

  async sibling(file: FileRef, name: string): Promise<FileRef | undefined> {
    const uri = vscode.Uri.joinPath(vscode.Uri.parse(file.id), '..', name);
    try {
      await vscode.workspace.fs.stat(uri);
      return fileRef(uri);
    } catch {
      return undefined; // not there: the wizard offers to browse instead
    }
  }

  async pickYamlFile(q: { readonly title: string; readonly openLabel: string }): Promise<FileRef | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await vscode.window.showOpenDialog({
      title: q.title,
      canSelectMany: false,
      canSelectFiles: true,
      canSelectFolders: false,
      filters: { YAML: ['yaml', 'yml'] },
      openLabel: q.openLabel,
      ...(folder ? { defaultUri: folder } : {}),
    });
    return picked?.[0] ? fileRef(picked[0]) : undefined;
  }

  async readText(file: FileRef): Promise<string> {
    return Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.parse(file.id))).toString('utf8');
  }
}

function fileRef(uri: vscode.Uri): FileRef {
  return { id: uri.toString(), name: path.posix.basename(uri.path), shown: vscode.workspace.asRelativePath(uri) };
}
