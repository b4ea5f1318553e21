import type { Profile } from '../../../server/src/core/settings';

/** What a fixture file says about itself in its header comments (undefined: not said). */
export interface FixtureHeader {
  /** `# profile: legacy-0.2|classic|native`. */
  readonly profile: Profile | undefined;
  /** `# namespace: <ns>`: settings.defaultNamespace for the case. */
  readonly defaultNamespace: string | undefined;
  /** `# rules: <id>=<severity>[, <id>=<severity>]`: severity overrides (settings.rules). */
  readonly rules: Readonly<Record<string, string>>;
}

/** A finding a fixture expects: a rule and where. `end` is undefined for a start-only marker (`<~~`). */
export interface ExpectedSpan {
  readonly rule: string;
  readonly start: number;
  readonly end: number | undefined;
  /** 1-based line of the marker itself, for messages. */
  readonly markerLine: number;
}

const PROFILES: readonly string[] = ['legacy-0.2', 'classic', 'native'];

/** One or more rule ids (ids have at least one dash, so ordinary comments are not mistaken for markers). */
const RULE_IDS = String.raw`[a-z]+(?:-[a-z0-9]+)+(?:[\s,]+[a-z]+(?:-[a-z0-9]+)+)*`;
/** `#`, then only spaces, `#` and carets (at least one caret), then the rule ids. */
const CARET_MARKER = new RegExp(String.raw`^(\s*#[#\s^]*\^[#\s^]*?)\s(${RULE_IDS})\s*$`);
/** `# <~~ rule-id`: a finding starts on the previous line at the column of `<`. */
const START_MARKER = new RegExp(String.raw`^(\s*#[#\s]*)<~+\s+(${RULE_IDS})\s*$`);
/** `# ~~> rule-id`: the open `<~~` finding of that rule ends on the previous line just after `>`. */
const END_MARKER = new RegExp(String.raw`^(\s*#[#\s]*)~+>\s+(${RULE_IDS})\s*$`);
/** Header lines: `# profile: native`, `# namespace: team-a`, `# rules: a-b=warning` (leading comment lines, any order). */
const HEADER = /^#\s*(profile|namespace|rules)\s*:\s*(\S.*?)\s*$/;

interface Line {
  readonly start: number;
  readonly text: string;
}

/** Splits text into lines with their start offsets (without `\n` or a trailing `\r`). */
function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const raw = nl < 0 ? text.slice(start) : text.slice(start, nl);
    out.push({ start, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw });
    if (nl < 0) {
      return out;
    }
    start = nl + 1;
  }
}

function isMarker(line: string): boolean {
  return CARET_MARKER.test(line) || START_MARKER.test(line) || END_MARKER.test(line);
}

function ids(list: string): string[] {
  return list.split(/[\s,]+/).filter((s) => s !== '');
}

/** Reads the header comments at the top of a fixture file. */
export function readHeader(text: string): FixtureHeader {
  let profile: Profile | undefined;
  let defaultNamespace: string | undefined;
  const rules: Record<string, string> = {};
  for (const { text: line } of linesOf(text)) {
    if (!line.startsWith('#')) {
      break;
    }
    const m = HEADER.exec(line);
    if (!m) {
      continue;
    }
    if (m[1] === 'profile') {
      if (!PROFILES.includes(m[2] ?? '')) {
        throw new Error(`unknown profile "${m[2]}" (one of ${PROFILES.join(', ')})`);
      }
      profile = m[2] as Profile;
    } else if (m[1] === 'namespace') {
      defaultNamespace = m[2];
    } else {
      for (const part of (m[2] ?? '').split(/[\s,]+/).filter((x) => x !== '')) {
        const [id, severity] = part.split('=');
        if (!id || !severity) {
          throw new Error(`"# rules:" wants <rule-id>=<severity>, not "${part}"`);
        }
        rules[id] = severity;
      }
    }
  }
  return { profile, defaultNamespace, rules };
}

/** Reads the span markers of a fixture file (see test/fixtures/rules/README.md). */
export function readMarkers(text: string): ExpectedSpan[] {
  const lines = linesOf(text);
  const out: ExpectedSpan[] = [];
  const open: { rule: string; index: number }[] = [];
  let target: Line | undefined;
  lines.forEach((line, i) => {
    const caret = CARET_MARKER.exec(line.text);
    const startM = caret ? null : START_MARKER.exec(line.text);
    const endM = caret || startM ? null : END_MARKER.exec(line.text);
    if (!caret && !startM && !endM) {
      target = line;
      return;
    }
    const where = `marker on line ${i + 1}`;
    if (!target) {
      throw new Error(`${where} has no line above it to mark`);
    }
    if (caret) {
      const prefix = caret[1] ?? '';
      const first = prefix.indexOf('^');
      const last = prefix.lastIndexOf('^');
      if (prefix.slice(first, last + 1).includes(' ') || prefix.slice(first, last + 1).includes('#')) {
        throw new Error(`${where}: carets must be contiguous`);
      }
      if (last + 1 > target.text.length) {
        throw new Error(`${where}: carets run past the end of line ${lineNumberOf(lines, target)}`);
      }
      for (const rule of ids(caret[2] ?? '')) {
        out.push({ rule, start: target.start + first, end: target.start + last + 1, markerLine: i + 1 });
      }
    } else if (startM) {
      const col = (startM[1] ?? '').length;
      for (const rule of ids(startM[2] ?? '')) {
        open.push({ rule, index: out.length });
        out.push({ rule, start: target.start + col, end: undefined, markerLine: i + 1 });
      }
    } else if (endM) {
      const col = endM[0].indexOf('>');
      for (const rule of ids(endM[2] ?? '')) {
        const k = open.map((o) => o.rule).lastIndexOf(rule);
        const o = open[k];
        if (!o) {
          throw new Error(`${where}: "~~> ${rule}" has no open "<~~ ${rule}" above it`);
        }
        open.splice(k, 1);
        const started = out[o.index];
        if (started) {
          out[o.index] = { ...started, end: target.start + col + 1 };
        }
      }
    }
  });
  return out;
}

function lineNumberOf(lines: readonly Line[], line: Line): number {
  return lines.indexOf(line) + 1;
}

/** True when the line is a span marker (so that tools can skip it). */
export function isMarkerLine(line: string): boolean {
  return isMarker(line);
}
