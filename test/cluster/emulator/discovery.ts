/** The apiserver's discovery documents: /version, the health checks, /api, /apis, each group and its resources. */
import { arr, type Json, type JsonObject } from './json';
import { apiResourceEntry, apiVersionOf, sortVersions } from './resources';
import { errors } from './status';
import type { Store } from './store';

/** The Kubernetes version the emulator reports. */
export interface ServedVersion {
  readonly major: string;
  readonly minor: string;
}

/** The discovery document at `segs`, or undefined when the path is not a discovery path. */
export function discoveryDocument(store: Store, version: ServedVersion, url: string, segs: string[]): Json | string | undefined {
  const [a, b, c, d] = segs;
  if (segs.length === 1 && a === 'version') {
    return {
      major: version.major,
      minor: version.minor,
      gitVersion: `v${version.major}.${version.minor}.0-emulator`,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2025-01-01T00:00:00Z',
      goVersion: 'go1.24.0',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }
  if (segs.length === 1 && (a === 'healthz' || a === 'readyz' || a === 'livez')) {
    return 'ok';
  }
  if (a === 'api' && segs.length === 1) {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.replace(/^https?:\/\//, '') }],
    };
  }
  if (a === 'api' && b === 'v1' && segs.length === 2) {
    return resourceList(store, '', 'v1');
  }
  if (a === 'apis' && segs.length === 1) {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...store.groups().entries()].map(([name, versions]) => groupEntry(name, versions)),
    };
  }
  if (a === 'apis' && segs.length === 2 && b !== undefined) {
    const versions = store.groups().get(b);
    if (!versions) {
      throw errors.noResource();
    }
    return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(b, versions) };
  }
  if (a === 'apis' && segs.length === 3 && b !== undefined && c !== undefined && d === undefined) {
    const list = resourceList(store, b, c);
    if (arr(list.resources).length === 0) {
      throw errors.noResource();
    }
    return list;
  }
  return undefined;
}

function resourceList(store: Store, group: string, version: string): JsonObject {
  const resources = store
    .types()
    .filter((t) => t.group === group && t.versions.includes(version))
    .flatMap(apiResourceEntry);
  return { kind: 'APIResourceList', ...(group ? { apiVersion: 'v1' } : {}), groupVersion: apiVersionOf(group, version), resources };
}

function groupEntry(name: string, versions: string[]): JsonObject {
  const sorted = sortVersions(versions);
  const entries = sorted.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: entries, preferredVersion: entries[0]! };
}
