import { at, clone, isObject, type Json, type JsonObject } from './json';
import { decodeProblem } from './kinds';
import { apiVersionOf, splitApiVersion, type ResourceType } from './resources';
import { errors } from './status';

/** Checks body identity against the URL (apiVersion/kind, name, namespace) and decode-level types. */
export function checkBody(t: ResourceType, version: string, ns: string | undefined, name: string | undefined, body: Json): JsonObject {
  if (!isObject(body)) {
    throw errors.badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  }
  const apiVersion = body.apiVersion;
  const kind = body.kind;
  if ((apiVersion !== undefined || !t.builtin) && apiVersion !== apiVersionOf(t.group, version)) {
    const { group } = splitApiVersion(String(apiVersion ?? ''));
    if (!t.builtin || group !== t.group || !t.versions.includes(splitApiVersion(String(apiVersion)).version)) {
      throw errors.badRequest(
        `the API version in the data (${String(apiVersion ?? '')}) does not match the expected API version (${apiVersionOf(t.group, version)})`,
      );
    }
  }
  if ((kind !== undefined || !t.builtin) && kind !== t.kind) {
    throw errors.badRequest(`the kind in the data (${String(kind ?? '')}) does not match the expected kind (${t.kind})`);
  }
  const bodyName = at(body, 'metadata', 'name');
  if (name !== undefined && bodyName !== undefined && bodyName !== name) {
    throw errors.badRequest(`the name of the object (${String(bodyName)}) does not match the name on the URL (${name})`);
  }
  const bodyNs = at(body, 'metadata', 'namespace');
  if (t.namespaced && typeof bodyNs === 'string' && bodyNs !== '' && bodyNs !== ns) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const problem = decodeProblem(t, body);
  if (problem) {
    throw problem;
  }
  return clone(body);
}
