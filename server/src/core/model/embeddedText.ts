import { isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { Span } from '../yaml/spans';

// ConfigMaps carry whole files as string values (the `istio` ConfigMap's `mesh` and `meshNetworks`): a finding about
// a line inside such a string belongs on that line of the manifest, not on the whole value.

/** Maps offsets in a scalar's string value to offsets in the file it is written in. */
export type EmbeddedOffsets = (valueOffset: number) => number | undefined;

/**
 * The offset map of a literal block scalar (`|`, `|-`, `|+`, with or without an indentation indicator), whose value
 * lines are the file's lines less their indentation; undefined for any other scalar, or when the value does not
 * line up with the file's text (then a caller reports on the whole value).
 */
export function embeddedOffsets(text: string, node: Node | null | undefined): EmbeddedOffsets | undefined {
  if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || typeof node.value !== 'string' || !node.range) {
    return undefined;
  }
  const [start, end] = node.range;
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) {
    return undefined;
  }
  const header = text.slice(start, headerEnd);
  const lines: { readonly start: number; readonly text: string }[] = [];
  let at = headerEnd + 1;
  while (at < end) {
    const nl = text.indexOf('\n', at);
    const lineEnd = nl < 0 || nl > end ? end : nl;
    const raw = text.slice(at, lineEnd);
    lines.push({ start: at, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw });
    at = lineEnd + 1;
  }
  const indicator = /[1-9]/.exec(header);
  const firstContent = lines.find((l) => l.text.trim() !== '');
  const indent = indicator ? Number(indicator[0]) : firstContent ? firstContent.text.length - firstContent.text.trimStart().length : 0;
  const valueLines = node.value.split('\n');
  const starts: number[] = [];
  for (let i = 0; i < valueLines.length; i++) {
    const line = lines[i];
    const value = valueLines[i] ?? '';
    if (!line) {
      // Keep-chomping (`|+`) and the final newline leave empty value lines past the file's: nothing to point at.
      if (value !== '') {
        return undefined;
      }
      break;
    }
    if (line.text.slice(Math.min(indent, line.text.length)) !== value && !(value === '' && line.text.trim() === '')) {
      return undefined;
    }
    starts.push(line.start + Math.min(indent, line.text.length));
  }
  let valueLineStart = 0;
  const valueStarts = valueLines.map((l) => {
    const s = valueLineStart;
    valueLineStart += l.length + 1;
    return s;
  });
  return (offset) => {
    let i = valueStarts.length - 1;
    while (i > 0 && (valueStarts[i] ?? 0) > offset) {
      i--;
    }
    const fileLine = starts[i];
    return fileLine === undefined ? undefined : fileLine + offset - (valueStarts[i] ?? 0);
  };
}

/** A span of a scalar's value in file offsets, through `offsets`; undefined when either end falls outside. */
export function embeddedSpan(offsets: EmbeddedOffsets, span: Span): Span | undefined {
  const start = offsets(span.start);
  const end = offsets(span.end);
  return start === undefined || end === undefined || end < start ? undefined : { start, end };
}
