/**
 * Globs as VS Code's `files.exclude` reads them: `**` (any folders), `*` and `?` (within one path segment),
 * `{a,b}` alternatives (nested, each one a glob), `[abc]`/`[!abc]`/`[a-z]` character classes; everything else is
 * literal. Matched against the end of `/`-separated paths relative to the workspace folder.
 */

/** A glob that cannot be read, with why. */
export class GlobError extends Error {}

/** Compiles a glob to a RegExp over `/`-separated paths; throws a GlobError when the glob cannot be read. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`(?:^|/)${compile(glob, 0, false).source}$`);
}

/** Compiles from `i` to the end, or (inside braces) to the `,` or `}` that ends the alternative. */
function compile(glob: string, start: number, inBraces: boolean): { source: string; end: number } {
  let re = '';
  let i = start;
  for (; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const alt = compile(glob, j, true);
        alternatives.push(alt.source);
        if (alt.end >= glob.length) {
          throw new GlobError(`"{" at position ${i + 1} is not closed by "}"`);
        }
        j = alt.end + 1;
        if (glob[alt.end] === '}') {
          break;
        }
      }
      re += `(?:${alternatives.join('|')})`;
      i = j - 1;
    } else if (inBraces && (c === ',' || c === '}')) {
      return { source: re, end: i };
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
      } else {
        re += charClass(glob.slice(i + 1, close));
        i = close;
      }
    } else {
      re += escape(c);
    }
  }
  return { source: re, end: i };
}

/** `[abc]`, `[!abc]`, `[^abc]`, `[a-z]`: one character of a segment, never `/`. */
function charClass(body: string): string {
  const negate = body.startsWith('!') || body.startsWith('^');
  const chars = (negate ? body.slice(1) : body).replace(/[\\\]^[]/g, '\\$&');
  return negate ? `[^/${chars}]` : `(?!/)[${chars}]`;
}

/** True when the path matches any of the globs; globs that cannot be read match nothing. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return compileGlobs(globs).matches(path);
}

/** Globs compiled once, with what was wrong with the ones that cannot be read (they are left out). */
export interface CompiledGlobs {
  matches(path: string): boolean;
  readonly problems: readonly string[];
}

export function compileGlobs(globs: readonly string[]): CompiledGlobs {
  const res: RegExp[] = [];
  const problems: string[] = [];
  for (const glob of globs) {
    try {
      res.push(globToRegExp(glob));
    } catch (e) {
      problems.push(`"${glob}": ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { matches: (path) => res.some((re) => re.test(path)), problems };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
