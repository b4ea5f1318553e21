import { jsonPatch, mergeInto, mergePatch } from './fields';
import type { Json, JsonObject } from './json';
import type { ResourceType } from './resources';
import { ApiError, errors } from './status';

/** `old` with a merge, strategic merge or JSON patch applied (server-side apply is Store.apply). */
export function patched(t: ResourceType, old: JsonObject, body: Json, contentType: string): Json {
  if (contentType === 'application/merge-patch+json') {
    return mergePatch(old, body);
  }
  if (contentType === 'application/strategic-merge-patch+json') {
    if (!t.builtin) {
      throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - strategic merge patch is not supported for custom resources');
    }
    return mergeInto(old, body, [], { kind: t.kind, builtin: t.builtin });
  }
  if (contentType === 'application/json-patch+json') {
    try {
      return jsonPatch(old, body);
    } catch (e) {
      throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${(e as Error).message}`);
    }
  }
  throw errors.unsupportedMediaType(contentType);
}
