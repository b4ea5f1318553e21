/** Go's number literals in templates: integers in every base (int64), floats, hex floats; no complex constants. */
import type { NumberNode } from './ast';
import type { Token } from './lex';

/** The number a token spells; `error` reports why it is not one (and does not return). */
export function numberNode(t: Token, error: (pos: number, message: string) => never): NumberNode {
  const text = t.val;
  const clean = text.replace(/_/g, '');
  if (/i$/.test(clean)) {
    error(t.pos, `complex constants are not supported: ${text}`);
  }
  const isHex = /^[+-]?0[xX]/.test(clean);
  const floatSyntax = isHex ? /[pP]/.test(clean) || clean.includes('.') : /[.eE]/.test(clean);
  if (!floatSyntax) {
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(clean);
    if (!m) {
      error(t.pos, `illegal number syntax: ${JSON.stringify(text)}`);
    }
    const sign = m?.[1] === '-' ? -1n : 1n;
    let digits = m?.[2] as string;
    if (/^0[0-7]+$/.test(digits)) {
      digits = `0o${digits.slice(1)}`;
    }
    const value = sign * BigInt(digits.replace(/^0[oO]/, '0o'));
    // Go's parser keeps a literal that fits a uint64 (its execution then says "overflows int") and refuses the rest.
    if (value > 18446744073709551615n || value < -9223372036854775808n) {
      error(t.pos, `integer overflow: ${JSON.stringify(text)}`);
    }
    if (value > 9223372036854775807n) {
      error(t.pos, `${text} overflows int`);
    }
    return { type: 'number', pos: t.pos, value, text };
  }
  const value = isHex ? parseHexFloat(clean) : Number(clean);
  if (Number.isNaN(value)) {
    error(t.pos, `illegal number syntax: ${JSON.stringify(text)}`);
  }
  return { type: 'number', pos: t.pos, value, text };
}

function parseHexFloat(s: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m) {
    return NaN;
  }
  const int = m[2] || '0';
  const frac = m[3] ?? '';
  let v = parseInt(int + frac, 16) / Math.pow(16, frac.length);
  v *= Math.pow(2, Number(m[4] ?? '0'));
  return m[1] === '-' ? -v : v;
}
