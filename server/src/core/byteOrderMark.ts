// Editors on Windows save UTF-8 with a byte order mark (U+FEFF once decoded). kubectl drops it at the start of a file
// and at the start of each document of a stream, so everything that reads manifests drops it the same way, here.

/** The text without a leading byte order mark, unchanged when it has none. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
