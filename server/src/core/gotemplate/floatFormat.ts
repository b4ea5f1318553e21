/** strconv.FormatFloat for the 'e', 'f' and 'g' verbs: exact decimal expansions, rounded half to even as Go does. */

/** The shortest decimal digits of |x| and its decimal exponent: x = 0.d1d2... * 10^dp. */
function shortestDigits(x: number): { digits: string; dp: number } {
  if (x === 0) {
    return { digits: '0', dp: 1 };
  }
  const [mant, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  return { digits: mant.replace('.', ''), dp: Number(exp) + 1 };
}

function expSuffix(exp: number, letter: string): string {
  const abs = Math.abs(exp);
  return `${letter}${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : String(abs)}`;
}

/** The exact value of a finite double >= 0 as num / den (den a power of two). */
function exactRational(x: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  return exp >= 0 ? { num: mant << BigInt(exp), den: 1n } : { num: mant, den: 1n << BigInt(-exp) };
}

/** num / den rounded to an integer, halves to even: strconv rounds the exact binary value, ties included. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = (num % den) * 2n;
  return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
}

/** A double's exact decimal expansion ends within 1074 fractional digits; beyond that Go prints zeros. */
const MAX_EXACT_FRACTION = 1100;

/** |x| with `prec` digits after the point, rounded as strconv does (not as toFixed, which breaks ties upward). */
function fixedDigits(abs: number, prec: number): string {
  const { num, den } = exactRational(abs);
  const p = Math.min(prec, MAX_EXACT_FRACTION);
  const digits = roundHalfEven(num * 10n ** BigInt(p), den).toString().padStart(p + 1, '0');
  const int = digits.slice(0, digits.length - p);
  if (prec === 0) {
    return int;
  }
  return `${int}.${digits.slice(digits.length - p)}${'0'.repeat(prec - p)}`;
}

/** The first `n` significant digits of |x| > 0, correctly rounded, and the decimal exponent of the first one. */
function significantDigits(abs: number, n: number): { digits: string; exp: number } {
  const { num, den } = exactRational(abs);
  // toExponential's exponent is right or one too high (when the shortest form rounds up to a power of ten).
  let exp = Number((abs.toExponential().split('e') as [string, string])[1]);
  for (;;) {
    const shift = n - 1 - exp;
    const q = shift >= 0 ? roundHalfEven(num * 10n ** BigInt(shift), den) : roundHalfEven(num, den * 10n ** BigInt(-shift));
    const s = q.toString();
    if (s.length > n) {
      // Rounding carried into a new digit (9.99 -> 10.0).
      return { digits: s.slice(0, n), exp: exp + 1 };
    }
    if (s.length < n && q !== 0n) {
      exp--;
      continue;
    }
    return { digits: s, exp };
  }
}

/** strconv.FormatFloat(x, fmt, prec, 64) for 'e', 'f', 'g' (prec -1 = shortest). */
export function formatFloat(x: number, verb: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) {
    return 'NaN';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? '+Inf' : '-Inf';
  }
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? '-' : '';
  const abs = Math.abs(x);
  const lower = verb.toLowerCase();
  if (lower === 'f') {
    if (prec < 0) {
      const { digits, dp } = shortestDigits(x);
      return sign + placeDecimal(digits, dp);
    }
    return sign + fixedDigits(abs, prec);
  }
  const letter = verb === 'E' || verb === 'G' ? 'E' : 'e';
  if (lower === 'e') {
    let digits: string;
    let exp: number;
    if (prec < 0) {
      const sd = shortestDigits(x);
      digits = sd.digits;
      exp = sd.dp - 1;
    } else if (abs === 0) {
      digits = '0'.repeat(Math.min(prec, MAX_EXACT_FRACTION) + 1);
      exp = 0;
    } else {
      ({ digits, exp } = significantDigits(abs, Math.min(prec, MAX_EXACT_FRACTION) + 1));
    }
    const frac = digits.slice(1) + (prec > MAX_EXACT_FRACTION ? '0'.repeat(prec - MAX_EXACT_FRACTION) : '');
    return sign + (frac ? `${digits[0]}.${frac}` : digits) + expSuffix(exp, letter);
  }
  // %g: shortest digits (or prec significant digits), %e form when the exponent is < -4 or >= the precision
  // (6 for the shortest form, as strconv decides).
  let digits: string;
  let dp: number;
  if (prec < 0) {
    ({ digits, dp } = shortestDigits(x));
  } else if (abs === 0) {
    digits = '0';
    dp = 1;
  } else {
    const sd = significantDigits(abs, Math.min(prec === 0 ? 1 : prec, MAX_EXACT_FRACTION));
    digits = sd.digits.replace(/0+$/, '') || '0';
    dp = sd.exp + 1;
  }
  const eprec = prec < 0 ? 6 : prec === 0 ? 1 : prec;
  const exp = dp - 1;
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return sign + m + expSuffix(exp, letter);
  }
  return sign + placeDecimal(digits, dp);
}

function placeDecimal(digits: string, dp: number): string {
  if (dp <= 0) {
    return `0.${'0'.repeat(-dp)}${digits}`;
  }
  if (dp >= digits.length) {
    return digits + '0'.repeat(dp - digits.length);
  }
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
