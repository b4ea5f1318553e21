// Decoded YAML or JSON (settings, ConfigMap payloads, injector values) is `unknown` until looked at: one guard for
// "a map of keys", shared by every module that reads such data.

/** A decoded map: an object that is neither null nor an array. */
export type Rec = Record<string, unknown>;

/** True for a decoded map (not null, not an array). */
export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
