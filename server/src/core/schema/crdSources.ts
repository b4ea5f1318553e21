/**
 * Where the schema of a custom resource comes from, in order: the CRDs of the workspace (what the user is about to
 * apply), then those of the connected cluster (exact for the release running there), given by the editor.
 */
import type { MutableWorkspaceIndex, WorkspaceIndex } from '../index/workspaceIndex';
import { crdSchemas } from './crd';
import { prepareSchema } from './prepare';
import type { PreparedSchema } from './prepare';

/** The connected cluster's CRDs as the API server sent them, and where they were read. */
export interface ClusterCrds {
  /** Where they were read, e.g. `context "dev"`: messages name it. */
  readonly origin: string;
  /** CustomResourceDefinitions as plain JSON (at least `spec.group`, `spec.names.kind`, `spec.versions`). */
  readonly crds: readonly unknown[];
}

/** The schemas of one source's CRDs, by `group/kind`, then version (as plain JSON). */
export interface CrdSchemaSet {
  /** The source, for messages: `the workspace`, `context "dev"`. */
  readonly source: string;
  readonly byKind: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** Prepared on first use, once per kind and version while the source is unchanged. */
  readonly prepared: Map<string, PreparedSchema>;
}

const CLUSTER_INPUT = 'cluster-crds';

/** Gives the index the connected cluster's CRDs; null when no cluster is connected (or it was disconnected). */
export function setClusterCrds(index: MutableWorkspaceIndex, crds: ClusterCrds | null): void {
  index.setInput(CLUSTER_INPUT, crds ?? undefined);
}

/** The schemas of the workspace's CRDs of `groups`, read once per state of the workspace's CRDs. */
export function workspaceCrdSchemas(index: WorkspaceIndex, groups: ReadonlySet<string>): CrdSchemaSet {
  return index.derived(`crd-schemas\u0000workspace\u0000${[...groups].join(',')}`, (ix) => {
    const crds = ix.ofKind('CustomResourceDefinition').filter((c) => c.apiVersion.startsWith('apiextensions.k8s.io/'));
    return schemaSet('the workspace', crds.map((c) => c.node), groups);
  });
}

/** The schemas of the connected cluster's CRDs of `groups`; an empty set when no cluster is connected. */
export function clusterCrdSchemas(index: WorkspaceIndex, groups: ReadonlySet<string>): CrdSchemaSet {
  return index.derived(`crd-schemas\u0000cluster\u0000${[...groups].join(',')}`, (ix) => {
    const given = ix.input(CLUSTER_INPUT) as ClusterCrds | undefined;
    return schemaSet(given?.origin ?? 'the cluster', given?.crds ?? [], groups);
  });
}

/** The prepared schema of a version of a kind of the set. */
export function preparedOf(set: CrdSchemaSet, kindKey: string, version: string): PreparedSchema | undefined {
  const key = `${kindKey}/${version}`;
  let schema = set.prepared.get(key);
  if (!schema) {
    const raw = set.byKind.get(kindKey)?.get(version);
    if (raw === undefined) {
      return undefined;
    }
    schema = prepareSchema(raw);
    set.prepared.set(key, schema);
  }
  return schema;
}

function schemaSet(source: string, crds: readonly unknown[], groups: ReadonlySet<string>): CrdSchemaSet {
  const byKind = new Map<string, Map<string, unknown>>();
  for (const crd of crds) {
    for (const s of crdSchemas(crd)) {
      if (!groups.has(s.group)) {
        continue;
      }
      const key = `${s.group}/${s.kind}`;
      let versions = byKind.get(key);
      if (!versions) {
        versions = new Map();
        byKind.set(key, versions);
      }
      // Two copies of a CRD (install flavours): the first in file order is read, as the index reads copies.
      if (!versions.has(s.version)) {
        versions.set(s.version, s.schema);
      }
    }
  }
  return { source, byKind, prepared: new Map() };
}
