/**
 * Kubernetes resource quantities (`100m`, `1Gi`, `2e3`), canonicalised the way `resource.Quantity` prints them.
 * Go's kube-inject decodes every quantity into a Quantity and writes it back in canonical form, so `2000m` becomes
 * `"2"` and `1024Mi` becomes `1Gi` in its output.
 */

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** value = mantissa × 10^scale */
interface Parsed {
  mantissa: bigint;
  scale: number;
  format: Format;
}

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const QUANTITY_RE = /^([+-]?)(\d+\.?\d*|\.\d+)(.*)$/;

function parse(text: string): Parsed | undefined {
  const m = QUANTITY_RE.exec(text.trim());
  if (!m) {
    return undefined;
  }
  const [, sign, num, suffix] = m as unknown as [string, string, string, string];
  const dot = num.indexOf('.');
  const digits = dot < 0 ? num : num.slice(0, dot) + num.slice(dot + 1);
  let scale = dot < 0 ? 0 : -(num.length - dot - 1);
  let mantissa = BigInt(digits === '' ? '0' : digits);
  if (sign === '-') {
    mantissa = -mantissa;
  }
  let format: Format = 'DecimalSI';
  if (suffix in BINARY) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BINARY[suffix] as number);
  } else if (suffix in DECIMAL) {
    scale += DECIMAL[suffix] as number;
  } else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (!e) {
      return undefined;
    }
    format = 'DecimalExponent';
    scale += Number(e[1]);
  }
  // Quantities keep at most nano precision; Go rounds finer values up.
  if (scale < -9) {
    const div = 10n ** BigInt(-9 - scale);
    const q = mantissa / div;
    mantissa = mantissa % div === 0n || mantissa < 0n ? q : q + 1n;
    scale = -9;
  }
  return { mantissa, scale, format };
}

/** Whether `text` is a valid Kubernetes quantity. */
export function isQuantity(text: string): boolean {
  return parse(text) !== undefined;
}

/** The canonical form Go prints for a quantity, or undefined when `text` is not a quantity. */
export function canonicalQuantity(text: string | number): string | undefined {
  const p = parse(String(text));
  if (!p) {
    return undefined;
  }
  let { mantissa, scale } = p;
  if (mantissa === 0n) {
    return '0';
  }
  let format = p.format;
  if (format === 'BinarySI') {
    const isInteger = scale >= 0 || mantissa % 10n ** BigInt(-scale) === 0n;
    const value = isInteger ? (scale >= 0 ? mantissa * 10n ** BigInt(scale) : mantissa / 10n ** BigInt(-scale)) : 0n;
    if (!isInteger || (value > -1024n && value < 1024n)) {
      format = 'DecimalSI';
    } else {
      let v = value;
      let exp = 0;
      while (exp < 6 && v % 1024n === 0n) {
        v /= 1024n;
        exp++;
      }
      return `${v}${BINARY_SUFFIX[exp]}`;
    }
  }
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale++;
  }
  const rem = ((scale % 3) + 3) % 3;
  if (rem !== 0) {
    mantissa *= 10n ** BigInt(rem);
    scale -= rem;
  }
  if (format === 'DecimalExponent') {
    return scale === 0 ? `${mantissa}` : `${mantissa}e${scale}`;
  }
  const suffix = DECIMAL_SUFFIX[scale];
  return suffix === undefined ? `${mantissa}e${scale}` : `${mantissa}${suffix}`;
}
