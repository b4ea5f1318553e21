import * as fs from 'node:fs';

/**
 * Reading the files the CLI is given, refusing what is not a manifest on disk: a FIFO would block the read forever,
 * a device such as `/dev/zero` never ends, a socket cannot be read. Text must be UTF-8, as kubectl wants it; it is
 * never decoded with replacement characters.
 */

/** Why a path cannot be read; `message` says it without the path (callers name the file). */
export class InputError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A file that is not UTF-8: where the first bad byte is, and the text before it. */
export class NotUtf8Error extends InputError {
  constructor(
    readonly offset: number,
    readonly byte: number,
    readonly validPrefix: string,
  ) {
    super(
      `is not UTF-8 text: byte 0x${byte.toString(16).padStart(2, '0').toUpperCase()} at byte offset ${offset} is not valid UTF-8; save the file as UTF-8`,
      'ENOTUTF8',
    );
  }
}

/** Larger inputs are refused: Node cannot hold them as one string, and no manifest is this big. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** What a path's fs error means to the user. */
export function describeFsError(e: unknown): InputError {
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new InputError('no such file', 'ENOENT');
    case 'ELOOP':
      return new InputError('is a symbolic link loop (a link that leads back to itself); point it at a real file', 'ELOOP');
    case 'EACCES':
    case 'EPERM':
      return new InputError('permission denied', String(code));
    case 'EISDIR':
      return new InputError('is a directory', 'EISDIR');
    default:
      return new InputError((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'cannot be read', String(code ?? 'EIO'));
  }
}

/** The kind of a file that is not regular, for the message. */
function kindOf(stat: fs.Stats): string | undefined {
  if (stat.isFIFO()) {
    return 'a FIFO (named pipe)';
  }
  if (stat.isCharacterDevice() || stat.isBlockDevice()) {
    return 'a device';
  }
  if (stat.isSocket()) {
    return 'a socket';
  }
  return stat.isFile() || stat.isDirectory() ? undefined : 'not a regular file';
}

function refuseIrregular(stat: fs.Stats): void {
  if (stat.isDirectory()) {
    throw new InputError('is a directory', 'EISDIR');
  }
  const kind = kindOf(stat);
  if (kind) {
    throw new InputError(`is ${kind}, not a regular file; istio-mesh reads files only (send other input with -f -)`, 'ENOTREG');
  }
}

/** Reads a regular file as UTF-8 text; throws an InputError (a NotUtf8Error for bad bytes) otherwise. */
export function readTextFile(path: string): string {
  // Stat first: opening a socket fails (ENXIO) and opening a device may have effects; only regular files are opened.
  try {
    refuseIrregular(fs.statSync(path));
  } catch (e) {
    throw e instanceof InputError ? e : describeFsError(e);
  }
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO does not wait for a writer before the check below refuses it.
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    throw describeFsError(e);
  }
  try {
    // Again on what was opened: the path may have been replaced in between.
    const stat = fs.fstatSync(fd);
    refuseIrregular(stat);
    if (stat.size > MAX_INPUT_BYTES) {
      throw new InputError(`is ${Math.round(stat.size / 1024 / 1024)} MB, more than the ${MAX_INPUT_BYTES / 1024 / 1024} MB istio-mesh reads`, 'EFBIG');
    }
    return decodeUtf8(fs.readFileSync(fd));
  } catch (e) {
    throw e instanceof InputError ? e : describeFsError(e);
  } finally {
    fs.closeSync(fd);
  }
}

const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes as text (a BOM kept), or a NotUtf8Error at the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return STRICT.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new NotUtf8Error(offset, bytes[offset] ?? 0, STRICT.decode(bytes.subarray(0, offset)));
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    // The length of the sequence and the range its second byte must be in (no overlongs, surrogates, > U+10FFFF).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      lo = c === 0xe0 ? 0xa0 : 0x80;
      hi = c === 0xed ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      lo = c === 0xf0 ? 0x90 : 0x80;
      hi = c === 0xf4 ? 0x8f : 0xbf;
    } else {
      return i;
    }
    for (let k = 1; k < n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) {
        return i;
      }
    }
    i += n;
  }
  return b.length;
}
