import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { isMap, isScalar, parseDocument, Scalar } from 'yaml';
import type { KubeconfigSource } from '../kubeconfig';
import { Sensitive } from '../redact';

// Files the cluster commands write on this machine: certificates (mode 0600) and, only when the user asks, the
// kubeconfig's current-context. Every write goes to a temp file in the same folder, is fsynced and renamed into place,
// so a crash or a full disk never leaves a half-written file behind.

/** A file to write: a plain name (no folders) and its content; Sensitive content is revealed only into the file. */
export interface FileToWrite {
  readonly name: string;
  readonly content: string | Sensitive;
}

const tempName = (dir: string, name: string): string => path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);

async function writeTemp(file: string, content: string, mode: number): Promise<void> {
  const handle = await fs.promises.open(file, 'wx', mode);
  try {
    await handle.chmod(mode); // open's mode is filtered by the umask
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeQuietly(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}

/**
 * Writes every file into `dir` (default mode 0600): all temp files first, then each renamed over its name. When any
 * write fails no file is replaced and the temp files are removed.
 */
export async function writeFilesAtomically(dir: string, files: readonly FileToWrite[], mode = 0o600): Promise<string[]> {
  for (const f of files) {
    if (f.name === '' || f.name !== path.basename(f.name) || f.name === '.' || f.name === '..') {
      throw new Error(`not a plain file name: ${f.name}`);
    }
  }
  const temps: { temp: string; final: string }[] = [];
  try {
    for (const f of files) {
      const temp = tempName(dir, f.name);
      temps.push({ temp, final: path.join(dir, f.name) });
      await writeTemp(temp, f.content instanceof Sensitive ? f.content.reveal() : f.content, mode);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => removeQuietly(t.temp)));
    throw e;
  }
  for (const t of temps) {
    await fs.promises.rename(t.temp, t.final);
  }
  return temps.map((t) => t.final);
}

/** Which of these names already exist in dir. */
export function existingFiles(dir: string, names: readonly string[]): string[] {
  return names.filter((n) => fs.existsSync(path.join(dir, n)));
}

function currentContextOf(file: string): string | undefined {
  try {
    const value: unknown = parseDocument(fs.readFileSync(file, 'utf8')).toJS();
    const cc = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['current-context'] : undefined;
    return typeof cc === 'string' && cc !== '' ? cc : undefined;
  } catch {
    return undefined; // unreadable: kubectl would not pick it either
  }
}

/**
 * The file kubectl's `config use-context` writes: the `istio.kubeconfig` file; with KUBECONFIG, the first file that
 * sets a current-context, else the first file; else ~/.kube/config. Undefined for a kubeconfig held in memory.
 */
export function currentContextFile(source: KubeconfigSource, files: readonly string[]): string | undefined {
  if (source === 'text' || files.length === 0) {
    return undefined;
  }
  if (source === 'KUBECONFIG') {
    return files.find((f) => currentContextOf(f) !== undefined) ?? files[0];
  }
  return files[0];
}

const PLAIN_SAFE = /^[A-Za-z_][\w.\-/@]*$/;
const YAML_WORDS = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** The context name as a YAML scalar: plain when the old value was plain and it stays a string, else double-quoted (JSON too). */
function scalarText(name: string, oldType: Scalar['type'] | undefined): string {
  return oldType !== Scalar.QUOTE_DOUBLE && PLAIN_SAFE.test(name) && !YAML_WORDS.test(name) ? name : JSON.stringify(name);
}

/** The text with only the current-context value replaced (or the key appended); a re-serialised document only as a last resort. */
function withCurrentContext(text: string, doc: ReturnType<typeof parseDocument>, context: string): string {
  const contents = doc.contents;
  if (isMap(contents)) {
    const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === 'current-context');
    if (pair && isScalar(pair.value) && pair.value.range) {
      const [start, end] = pair.value.range;
      return text.slice(0, start) + scalarText(context, pair.value.type) + text.slice(end);
    }
    if (!pair && !contents.flow) {
      return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}current-context: ${scalarText(context, undefined)}\n`;
    }
  } else if (contents === null) {
    return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}current-context: ${scalarText(context, undefined)}\n`;
  }
  doc.set('current-context', context);
  return doc.toString();
}

/** Where a kubeconfig edit went, and the copy of the file as it was. */
export interface KubeconfigWrite {
  readonly file: string;
  readonly backup: string;
}

/**
 * Sets `current-context` in a kubeconfig file, changing nothing else (comments, order, other fields stay): edits the
 * YAML in place, checks client-node reads the result with that context current, keeps `<file>.bak`, and replaces the
 * file atomically with the same mode. A symlinked kubeconfig is written through the link.
 */
export async function writeCurrentContext(file: string, context: string): Promise<KubeconfigWrite> {
  const real = await fs.promises.realpath(file);
  const text = await fs.promises.readFile(real, 'utf8');
  const mode = (await fs.promises.stat(real)).mode & 0o777;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new Error(`${real} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); it was left unchanged`);
  }
  const updated = withCurrentContext(text, doc, context);
  const kc = new KubeConfig();
  kc.loadFromString(updated);
  if (kc.getCurrentContext() !== context) {
    throw new Error(`${real} would not make "${context}" current; it was left unchanged`);
  }
  const backup = `${real}.bak`;
  await fs.promises.copyFile(real, backup);
  await fs.promises.chmod(backup, mode);
  const temp = tempName(path.dirname(real), path.basename(real));
  try {
    await writeTemp(temp, updated, mode);
    await fs.promises.rename(temp, real);
  } catch (e) {
    await removeQuietly(temp);
    throw e;
  }
  return { file: real, backup };
}
