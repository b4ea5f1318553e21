/**
 * Go `time.Duration` parsing and formatting, as Istio 0.2 used them: mesh config durations were read with
 * `time.ParseDuration` (jsonpb of that era) and written into the proxy arguments with `Duration.String()`
 * (`2s`, `1m0s`, `1.5s`, `500ms`). Nanoseconds are kept as bigint so no precision is lost.
 */

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Parses a Go duration string (`1h2m3.5s`, `300ms`, `-2s`, `0`) into nanoseconds; undefined when malformed. */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text.trim();
  if (s === '') {
    return undefined;
  }
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') {
    return 0n;
  }
  if (s === '') {
    return undefined;
  }
  const part = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;
  let total = 0n;
  while (s !== '') {
    const m = part.exec(s);
    if (!m) {
      return undefined;
    }
    const whole = m[1] ?? '';
    const frac = m[2] ?? '';
    const unitName = m[3] ?? '';
    if (whole === '' && frac === '') {
      return undefined;
    }
    const unit = UNIT_NANOS[unitName];
    if (unit === undefined) {
      return undefined;
    }
    total += BigInt(whole === '' ? '0' : whole) * unit;
    if (frac !== '') {
      // fraction * unit, truncated towards zero as Go does
      total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    s = s.slice(m[0].length);
  }
  return negative ? -total : total;
}

/** Formats nanoseconds exactly as Go's `time.Duration.String()`. */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) {
    return '0s';
  }
  const negative = nanos < 0n;
  let u = negative ? -nanos : nanos;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u < 1_000n) {
      out = `${u}ns`;
    } else if (u < 1_000_000n) {
      out = `${fmtFrac(u, 3).text}µs`;
    } else {
      out = `${fmtFrac(u, 6).text}ms`;
    }
  } else {
    const f = fmtFrac(u, 9);
    u = f.rest;
    out = `${u % 60n}${f.fraction}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) {
        out = `${u}h${out}`;
      }
    }
  }
  return negative ? `-${out}` : out;
}

/** Splits v into v / 10^prec and a trimmed fractional part (".5", or "" when zero). */
function fmtFrac(v: bigint, prec: number): { rest: bigint; fraction: string; text: string } {
  const scale = 10n ** BigInt(prec);
  const rest = v / scale;
  const frac = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  const fraction = frac === '' ? '' : `.${frac}`;
  return { rest, fraction, text: `${rest}${fraction}` };
}

/**
 * Reads a duration as a mesh config may give it: a Go duration string (`45s`, `1m0s`), a number of seconds,
 * or a protobuf `{seconds, nanos}` object. Undefined when it is none of those.
 */
export function durationFromConfig(value: unknown): bigint | undefined {
  if (typeof value === 'string') {
    return parseGoDuration(value);
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = Math.round(value * 1e9);
    return BigInt(ms);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const rec = value as Record<string, unknown>;
    const seconds = rec['seconds'] ?? 0;
    const nanos = rec['nanos'] ?? 0;
    const secs = typeof seconds === 'string' && /^-?\d+$/.test(seconds) ? BigInt(seconds) : toBigInt(seconds);
    const ns = toBigInt(nanos);
    if (secs === undefined || ns === undefined) {
      return undefined;
    }
    return secs * 1_000_000_000n + ns;
  }
  return undefined;
}

function toBigInt(v: unknown): bigint | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined;
}
