import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { scalarString, seqItemsAt, stringAt } from '../model/k8sObject';
import type { ParsedFile } from '../yaml/parse';

/** The file names kustomize reads a kustomization from (those the server reads: YAML). */
const KUSTOMIZATION_FILE = /(?:^|\/)kustomization\.ya?ml$/i;

/** True for a kustomization file. */
export function isKustomization(uri: string): boolean {
  return KUSTOMIZATION_FILE.test(uri);
}

/**
 * The files a kustomization lists as patches (`patches`, `patchesStrategicMerge`, `patchesJson6902`), resolved
 * against its folder: URIs for a kustomization known by URI (the editor), paths for one known by path (the CLI).
 * Inline patches are not files and are left out.
 */
export function patchFiles(uri: string, parsed: ParsedFile): string[] {
  const root = parsed.docs[0]?.contents;
  if (!isMap(root)) {
    return [];
  }
  const paths: string[] = [];
  for (const item of [...seqItemsAt(root, ['patches']), ...seqItemsAt(root, ['patchesJson6902'])]) {
    const p = isMap(item) ? stringAt(item, ['path']) : undefined;
    if (p) {
      paths.push(p);
    }
  }
  for (const item of seqItemsAt(root, ['patchesStrategicMerge'])) {
    // A path, or a patch written inline (several lines of YAML).
    const p = isScalar(item) ? scalarString(item) : undefined;
    if (p && !p.includes('\n')) {
      paths.push(p.trim());
    }
  }
  const out: string[] = [];
  for (const p of paths) {
    if (!URI_SCHEME.test(uri)) {
      out.push(joinPath(uri.slice(0, uri.lastIndexOf('/') + 1), p));
      continue;
    }
    try {
      out.push(new URL(p, uri).toString());
    } catch {
      // Not a path a URL can be made of: kustomize would refuse it too.
    }
  }
  return out;
}

/** A URI's scheme (`file:`, `untitled:`), two letters at least: `C:` starts a Windows path. */
const URI_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/** `dir` (ending in `/`, or empty) joined with a relative path, `.` and `..` resolved as Node's `path.join` does. */
function joinPath(dir: string, rel: string): string {
  if (rel.startsWith('/')) {
    return rel;
  }
  const absolute = dir.startsWith('/');
  const parts: string[] = [];
  for (const part of `${dir}${rel}`.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') {
      parts.pop();
    } else if (part !== '..' || !absolute) {
      parts.push(part);
    }
  }
  return `${absolute ? '/' : ''}${parts.join('/')}` || '.';
}

/**
 * True when an object's YAML carries a `$patch` directive (`$patch: delete`, `replace`, `merge`) at any depth: a
 * strategic merge patch, not an object of its own.
 */
export function hasPatchDirective(node: YAMLMap): boolean {
  const walk = (n: unknown, depth: number): boolean => {
    if (depth > 64) {
      return false;
    }
    if (isMap(n)) {
      return n.items.some((p) => isPair(p) && ((isScalar(p.key) && p.key.value === '$patch') || walk(p.value, depth + 1)));
    }
    return isSeq(n) && n.items.some((i) => walk(i, depth + 1));
  };
  return walk(node, 0);
}
