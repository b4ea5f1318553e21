/** sprig's base64 and JSON encoders, as Istio's injection templates call them. */
import type { GoFunc } from '../../gotemplate';
import { goJson } from '../goEncoding';
import { str } from './funcArgs';
import { toPlainJson } from './goJson';

export const SPRIG_ENCODING: Record<string, GoFunc> = {
  b64enc: (s) => base64Encode(str(s)),
  b64dec: (s) => base64Decode(str(s)),
  toJson: (v) => goJson(toPlainJson(v)),
  toPrettyJson: (v) => prettyGoJson(toPlainJson(v)),
};

function base64Encode(s: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(s)) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary);
}

function base64Decode(s: string): string {
  try {
    const binary = atob(s);
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch (e) {
    return (e as Error).message;
  }
}

function prettyGoJson(v: unknown): string {
  return (JSON.stringify(v, null, 2) ?? 'null')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}
