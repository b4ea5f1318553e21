import type { JsonObject } from './json';

/** A metav1.Status cause. */
export interface StatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

/** An API error the handlers throw; the server writes it as a `kind: Status` body with `code` as HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] },
  ) {
    super(message);
  }

  toStatus(): JsonObject {
    const status: JsonObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
    };
    if (this.details) {
      status.details = JSON.parse(JSON.stringify(this.details)) as JsonObject;
    }
    status.code = this.code;
    return status;
  }
}

/** What an error message names: the resource (plural) and group, e.g. `services` or `deployments.apps`. */
export interface Qualified {
  readonly plural: string;
  readonly group: string;
}

const qualified = (r: Qualified): string => (r.group ? `${r.plural}.${r.group}` : r.plural);

export const errors = {
  notFound: (r: Qualified, name: string): ApiError =>
    new ApiError(404, 'NotFound', `${qualified(r)} "${name}" not found`, { name, ...(r.group ? { group: r.group } : {}), kind: r.plural }),
  namespaceNotFound: (ns: string): ApiError =>
    new ApiError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' }),
  noResource: (): ApiError =>
    new ApiError(404, 'NotFound', 'the server could not find the requested resource', {
      causes: [{ reason: 'UnexpectedServerResponse', message: '404 page not found' }],
    }),
  alreadyExists: (r: Qualified, name: string): ApiError =>
    new ApiError(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, {
      name,
      ...(r.group ? { group: r.group } : {}),
      kind: r.plural,
    }),
  staleResourceVersion: (r: Qualified, name: string): ApiError =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, ...(r.group ? { group: r.group } : {}), kind: r.plural },
    ),
  invalid: (kind: string, group: string, name: string, causes: StatusCause[]): ApiError => {
    const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    const what = group ? `${kind}.${group}` : kind;
    return new ApiError(422, 'Invalid', `${what} "${name}" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`, {
      name,
      ...(group ? { group } : {}),
      kind,
      causes,
    });
  },
  /** The namespace lifecycle admission plugin: nothing new in a namespace being deleted. */
  namespaceTerminating: (r: Qualified, name: string, ns: string): ApiError =>
    new ApiError(403, 'Forbidden', `${qualified(r)} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
      name,
      kind: r.plural,
      ...(r.group ? { group: r.group } : {}),
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
    }),
  badRequest: (message: string): ApiError => new ApiError(400, 'BadRequest', message),
  unauthorized: (): ApiError => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  methodNotAllowed: (): ApiError =>
    new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'),
  unsupportedMediaType: (type: string): ApiError =>
    new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${type})`),
};
