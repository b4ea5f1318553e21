import type { ClusterCrdsParams } from '../../../server/src/protocol';
import { isRec } from '../../../server/src/core/plainData';
import { ClusterError, type ClusterProblem } from './errors';
import type { ClusterConnection } from './kubeconfig';
import type { KubeList } from './types';

// The cluster's Istio CustomResourceDefinitions, whose schemas IST0106 validates with (exact for the release running
// there). Read with GETs, never written.

/** The API groups of Istio's resources that IST0106 validates. */
export const ISTIO_CRD_GROUPS: ReadonlySet<string> = new Set(['networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io']);

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
/**
 * A cluster may hold thousands of CRDs (Crossplane's providers), of hundreds of kilobytes each: they are read a page
 * at a time and only Istio's kept, so memory stays at a page; after this many pages the rest is not read.
 */
const PAGE_SIZE = 50;
const MAX_PAGES = 60;
/** Istio defines 14 kinds: more CRDs of its groups than this is not an Istio install, and none is kept past it. */
const MAX_ISTIO_CRDS = 64;

export type IstioCrdsRead =
  | { readonly kind: 'found'; readonly params: NonNullable<ClusterCrdsParams> }
  | { readonly kind: 'missing'; readonly reason: string }
  | { readonly kind: 'failed'; readonly problem: ClusterProblem };

/** Lists the cluster's CRDs and keeps Istio's, each cut to what a schema needs (group, kind, served versions' schemas). */
export async function readIstioCrds(conn: ClusterConnection, opts: { readonly signal?: AbortSignal } = {}): Promise<IstioCrdsRead> {
  const crds: unknown[] = [];
  let token: string | undefined;
  let pages = 0;
  try {
    do {
      const page = await conn.api.request<KubeList<unknown>>({
        method: 'GET',
        path: CRD_PATH,
        query: { limit: String(PAGE_SIZE), continue: token },
        signal: opts.signal,
      });
      for (const item of page.items ?? []) {
        const kept = crds.length < MAX_ISTIO_CRDS ? istioSchemaPart(item) : undefined;
        if (kept) {
          crds.push(kept);
        }
      }
      token = page.metadata?.continue || undefined;
    } while (token && ++pages < MAX_PAGES);
  } catch (e) {
    if (e instanceof ClusterError) {
      return { kind: 'failed', problem: e.problem };
    }
    throw e;
  }
  if (crds.length === 0) {
    return { kind: 'missing', reason: `context "${conn.context}" has no CRD of ${[...ISTIO_CRD_GROUPS].join(', ')}: Istio is not installed there.` };
  }
  return { kind: 'found', params: { origin: `context "${conn.context}"`, crds } };
}

/** The parts of an Istio CRD a schema needs, or undefined for a CRD of another group. */
function istioSchemaPart(item: unknown): unknown {
  const spec = isRec(item) && isRec(item['spec']) ? item['spec'] : undefined;
  const group = spec?.['group'];
  if (!spec || typeof group !== 'string' || !ISTIO_CRD_GROUPS.has(group) || !isRec(spec['names'])) {
    return undefined;
  }
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter((v) => isRec(v) && v['served'] !== false) : [];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    spec: {
      group,
      names: { kind: spec['names']['kind'] },
      versions: versions.map((v: Record<string, unknown>) => ({ name: v['name'], schema: v['schema'] })),
    },
  };
}
