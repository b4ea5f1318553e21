import { visibleHosts } from '../../index/istioReferences';
import type { WorkspaceIndex } from '../../index/workspaceIndex';
import { editDistance } from '../../istio/keys';
import type { K8sObject } from '../../model/k8sObject';
import { yamlString } from '../../yaml/edits';
import type { Span } from '../../yaml/spans';
import type { Fix } from '../rule';

// The "Change host to …" quick fix of the rules reporting an unknown host (vs-destination-host-exists).

/** Typos up to this many characters count as a near miss. */
const MAX_DISTANCE = 2;
/** Fixes offered at most, closest first. */
const MAX_FIXES = 3;

/** The Service name a host starts with: `reviews` of `reviews`, `reviews.bookinfo`, `reviews.ns.svc.cluster.local`. */
const firstLabel = (host: string): string => host.slice(0, host.includes('.') ? host.indexOf('.') : host.length).toLowerCase();

/**
 * The hosts visible from `from` that an unknown host most likely meant: a slip of at most two characters, or the
 * same Service name in another namespace or form (`reviews.bookinfo`, a wrong namespace in an FQDN). Closest first.
 */
export function nearMissHosts(index: WorkspaceIndex, defaultNamespace: string, from: K8sObject, host: string): string[] {
  if (host === '' || host.startsWith('*')) {
    return [];
  }
  const scored: { text: string; score: number }[] = [];
  for (const c of visibleHosts(index, defaultNamespace, from)) {
    const d = editDistance(host, c.text);
    if (d <= MAX_DISTANCE) {
      scored.push({ text: c.text, score: d });
    } else if (firstLabel(c.text) === firstLabel(host) && c.target.object.kind === 'Service') {
      // The same Service named another way: the short name reads best, then the FQDN.
      scored.push({ text: c.text, score: MAX_DISTANCE + (c.text.includes('.') ? 2 : 1) });
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || a.text.localeCompare(b.text))
    .slice(0, MAX_FIXES)
    .map((s) => s.text);
}

/** "Change host to 'reviews'" fixes replacing the host value at `span`, the closest first and preferred. */
export function changeHostFixes(index: WorkspaceIndex, defaultNamespace: string, from: K8sObject, host: string, span: Span): Fix[] {
  const hosts = nearMissHosts(index, defaultNamespace, from, host);
  return hosts.map((h, i) => ({
    title: `Change host to '${h}'`,
    edits: [{ span, newText: yamlString(h) }],
    ...(i === 0 ? { preferred: true } : {}),
  }));
}
