import type { Redactor } from '../redact';
import type { FlowUi, Notice, Question } from './flowUi';

/**
 * A FlowUi whose every question, notification, progress title and log line passes through the redactor first, so a
 * credential that reached a message (a server echoing a token, a plugin printing one) never reaches the screen or log.
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
}
