/** fmt.Sprintf: flags, width, precision, `*` and `[n]` argument indexes, verbs v s d t q f e g x X o b c U T and %%. */
import { formatValue } from './fmt';
import { formatOne, type Spec } from './fmtVerbs';
import { goTypeName } from './values';

/** A width or precision over 1e6 is a mistake: fmt gives up on the rest of the format (`%!(NOVERB)`). */
function tooLarge(n: number): boolean {
  return n > 1e6 || n < -1e6;
}

/** One run of Sprintf: where it reads in the format, the next argument, and what it has written. */
class Printer {
  out = '';
  i = 0;
  argi = 0;
  /** After an explicit index (`%[2]d`) fmt no longer reports extra arguments. */
  reordered = false;
  private goodArgNum = true;

  constructor(
    private readonly format: string,
    private readonly args: readonly unknown[],
  ) {}

  /** The directive after a `%`; false when fmt gives up on the rest of the format. */
  directive(): boolean {
    const { format } = this;
    this.goodArgNum = true;
    const spec = this.flags();
    let afterIndex = this.argNumber();
    if (format[this.i] === '*') {
      this.i++;
      afterIndex = false;
      spec.width = this.intArg();
      if (spec.width === undefined) {
        this.out += '%!(BADWIDTH)';
      } else if (spec.width < 0) {
        spec.width = -spec.width;
        spec.minus = true;
        spec.zero = false;
      }
    } else {
      spec.width = this.parseNum();
      if (afterIndex && spec.width !== undefined) {
        // "%[3]2d": an index belongs right before the verb or a star.
        this.goodArgNum = false;
      }
    }
    if (this.i + 1 < format.length && format[this.i] === '.') {
      this.i++;
      if (afterIndex) {
        this.goodArgNum = false;
      }
      afterIndex = this.argNumber();
      if (format[this.i] === '*') {
        this.i++;
        afterIndex = false;
        spec.prec = this.intArg();
        if (spec.prec === undefined || spec.prec < 0) {
          spec.prec = undefined;
          this.out += '%!(BADPREC)';
        }
      } else {
        spec.prec = this.parseNum() ?? 0;
      }
    }
    if (!afterIndex) {
      afterIndex = this.argNumber();
    }
    if (this.i >= format.length) {
      this.out += '%!(NOVERB)';
      return false;
    }
    this.verb(String.fromCodePoint(format.codePointAt(this.i) as number), spec);
    return true;
  }

  private verb(verb: string, spec: Spec): void {
    this.i += verb.length;
    if (verb === '%') {
      this.out += '%';
    } else if (!this.goodArgNum) {
      this.out += `%!${verb}(BADINDEX)`;
    } else if (this.argi >= this.args.length) {
      this.out += `%!${verb}(MISSING)`;
    } else {
      this.out += formatOne(verb, this.args[this.argi++], spec);
    }
  }

  private flags(): Spec {
    const spec: Spec = {
      minus: false,
      plus: false,
      sharp: false,
      zero: false,
      space: false,
      width: undefined,
      prec: undefined,
    };
    for (; this.i < this.format.length; this.i++) {
      const c = this.format[this.i];
      if (c === '-') {
        spec.minus = true;
      } else if (c === '+') {
        spec.plus = true;
      } else if (c === '#') {
        spec.sharp = true;
      } else if (c === '0') {
        spec.zero = !spec.minus;
      } else if (c === ' ') {
        spec.space = true;
      } else {
        break;
      }
    }
    return spec;
  }

  private parseNum(): number | undefined {
    const { format } = this;
    let n = 0;
    const start = this.i;
    for (; this.i < format.length && /[0-9]/.test(format[this.i] as string); this.i++) {
      if (tooLarge(n)) {
        this.i = format.length;
        return undefined;
      }
      n = n * 10 + Number(format[this.i]);
    }
    return this.i > start ? n : undefined;
  }

  private intArg(): number | undefined {
    if (this.argi >= this.args.length) {
      return undefined;
    }
    const a = this.args[this.argi++];
    return typeof a === 'bigint' && !tooLarge(Number(a)) ? Number(a) : undefined;
  }

  /** `[n]` picks the n-th argument (from 1) for what follows; true when one was read. */
  private argNumber(): boolean {
    const { format } = this;
    if (format[this.i] !== '[') {
      return false;
    }
    this.reordered = true;
    const close = format.indexOf(']', this.i + 1);
    if (format.length - this.i < 3 || close < 0) {
      this.i++;
      this.goodArgNum = false;
      return false;
    }
    const digits = format.slice(this.i + 1, close);
    this.i = close + 1;
    if (!/^[0-9]+$/.test(digits)) {
      this.goodArgNum = false;
      return false;
    }
    const n = Number(digits) - 1;
    if (n >= 0 && n < this.args.length) {
      this.argi = n;
    } else {
      this.goodArgNum = false;
    }
    return true;
  }
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  const p = new Printer(format, args);
  while (p.i < format.length) {
    const pct = format.indexOf('%', p.i);
    if (pct < 0) {
      p.out += format.slice(p.i);
      break;
    }
    p.out += format.slice(p.i, pct);
    p.i = pct + 1;
    if (!p.directive()) {
      break;
    }
  }
  if (!p.reordered && p.argi < args.length) {
    p.out += `%!(EXTRA ${args
      .slice(p.argi)
      .map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`))
      .join(', ')})`;
  }
  return p.out;
}
