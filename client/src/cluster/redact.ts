import type { KubeObject } from './types';
import { isRec } from '../../../server/src/core/plainData';

const REDACTED = '[redacted]';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A secret value (key, certificate, token) that prints as `[redacted]` whatever logs it: toString, JSON.stringify,
 * util.inspect/console.log. Call reveal() only to write it where it belongs.
 */
export class Sensitive {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [INSPECT](): string {
    return REDACTED;
  }
}

/** `Bearer <x>` / `Basic <x>` as HTTP libraries print a header they refused: the value is a credential whatever it is. */
const AUTH_HEADER_VALUE = /\b(Bearer|Basic)(\s+)(?!\[redacted\])[^\s"'`,;)\]]+/gi;

/**
 * Replaces known secret values in text we produce (server messages can echo what we sent, plugins print what they
 * got), and the value of any `Bearer`/`Basic` credential. Values can be added as they become known (a token read
 * from its file, an exec plugin's result), so one redactor serves a whole session.
 */
export class Redactor {
  private values: string[] = [];

  constructor(values: Iterable<string>) {
    this.add(values);
  }

  /** Adds secret values; a multi-line value is also redacted line by line (PEM blocks printed in pieces). */
  add(values: Iterable<string>): void {
    const more: string[] = [];
    for (const v of values) {
      more.push(v, v.trim(), ...v.split('\n').map((l) => l.trim()).filter((l) => l.length >= 8));
    }
    // Longest first, so a value containing another is replaced whole; very short values would garble every message.
    this.values = [...new Set([...this.values, ...more].filter((v) => v.length >= 3))].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.values) {
      out = out.split(v).join(REDACTED);
    }
    return out.replace(AUTH_HEADER_VALUE, (_m, scheme: string, gap: string) => `${scheme}${gap}${REDACTED}`);
  }
}

/** Every secret value in a manifest's Secrets: `data` (base64 and decoded, line by line too) and `stringData`. */
export function secretValues(objects: readonly KubeObject[]): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    out.push(s);
    for (const line of s.split('\n')) {
      if (line.trim().length >= 8) {
        out.push(line.trim());
      }
    }
  };
  for (const o of objects) {
    if (o.kind !== 'Secret') {
      continue;
    }
    if (isRec(o.data)) {
      for (const v of Object.values(o.data)) {
        if (typeof v === 'string') {
          add(v);
          add(Buffer.from(v, 'base64').toString('utf8'));
        }
      }
    }
    if (isRec(o.stringData)) {
      for (const v of Object.values(o.stringData)) {
        if (typeof v === 'string') {
          add(v);
          add(Buffer.from(v, 'utf8').toString('base64'));
        }
      }
    }
  }
  return out;
}
