import type { Redactor } from '../redact';
import type { FileRef, FlowUi, GeneratedDocument, InputRequest, Notice, PickedFolder, PickItem, PickRequest, Question } from './flowUi';

/**
 * A FlowUi whose every question, notification, progress title, picker, prompt and log line passes through the redactor
 * first, so a credential that reached a message (a server echoing a token, a plugin printing one) never reaches the
 * screen or log. Answers, and the files and text the user handles, pass through as they are.
 */
export class RedactingUi implements FlowUi {
  constructor(
    private readonly inner: FlowUi,
    private readonly redactor: Redactor,
  ) {}

  private r = (text: string): string => this.redactor.redact(text);

  ask<T extends string>(q: Question<T>): Promise<T | undefined> {
    return this.inner.ask({ ...q, message: this.r(q.message), detail: this.r(q.detail) });
  }

  typeToConfirm(q: { readonly prompt: string; readonly expected: string }): Promise<string | undefined> {
    return this.inner.typeToConfirm({ prompt: this.r(q.prompt), expected: q.expected });
  }

  progress<R>(title: string, task: (report: (message: string, done: number, total: number) => void, signal: AbortSignal) => Promise<R>): Promise<R> {
    return this.inner.progress(this.r(title), (report, signal) => task((message, done, total) => report(this.r(message), done, total), signal));
  }

  log(level: 'info' | 'warn' | 'error', line: string): void {
    this.inner.log(level, this.r(line));
  }

  notify(n: Notice): Promise<string | undefined> {
    return this.inner.notify({ ...n, message: this.r(n.message) });
  }

  async pick<T>(q: PickRequest<T>): Promise<PickItem<T> | undefined> {
    const shown = q.items.map((item) => ({
      label: this.r(item.label),
      ...(item.description === undefined ? {} : { description: this.r(item.description) }),
      ...(item.detail === undefined ? {} : { detail: this.r(item.detail) }),
      value: item,
    }));
    const picked = await this.inner.pick({ ...q, title: this.r(q.title), ...(q.placeHolder === undefined ? {} : { placeHolder: this.r(q.placeHolder) }), items: shown });
    return picked?.value;
  }

  input(q: InputRequest): Promise<string | undefined> {
    return this.inner.input({ ...q, title: this.r(q.title), prompt: this.r(q.prompt) });
  }

  pickFolder(q: { readonly title: string; readonly openLabel: string }): Promise<PickedFolder | undefined> {
    return this.inner.pickFolder(q);
  }

  showGenerated(q: { readonly language: string; readonly content: string }): Promise<GeneratedDocument> {
    return this.inner.showGenerated(q);
  }

  copy(text: string): Promise<void> {
    return this.inner.copy(text);
  }

  openExternal(url: string): Promise<void> {
    return this.inner.openExternal(url);
  }

  findFiles(glob: string, limit: number): Promise<FileRef[]> {
    return this.inner.findFiles(glob, limit);
  }

  sibling(file: FileRef, name: string): Promise<FileRef | undefined> {
    return this.inner.sibling(file, name);
  }

  pickYamlFile(q: { readonly title: string; readonly openLabel: string }): Promise<FileRef | undefined> {
    return this.inner.pickYamlFile(q);
  }

  readText(file: FileRef): Promise<string> {
    return this.inner.readText(file);
  }
}
