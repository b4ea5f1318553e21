import type { YAMLMap } from 'yaml';
import type { K8sObject } from '../model/k8sObject';
import { mapAt, pairOf, seqItemsAt } from '../model/k8sObject';
import { APP_LABELS, VERSION_LABELS } from '../model/podLabels';
import { podTemplate, WORKLOAD_KINDS } from '../model/workload';
import type { Profile } from '../settings';
import { nodeSpan } from '../yaml/spans';
import type { Span } from '../yaml/spans';
import { onePerObject, sameObject } from './identity';
import { isIstioControlPlane, isMeshWorkload } from './serviceMembership';
import type { WorkspaceIndex } from './workspaceIndex';
import { effectiveNamespace, podLabelTopic } from './workspaceIndex';

/** A pod label as a workload's template writes it: which key, which value. */
export interface PodLabel {
  readonly key: string;
  readonly value: string;
}

/** What metrics and traces tell a workload apart by: its namespace, application (`app`) and version. */
export interface TelemetryIdentity {
  readonly workload: K8sObject;
  readonly namespace: string;
  readonly app: PodLabel;
  /** Undefined when the pods have no version label. */
  readonly version: PodLabel | undefined;
}

/** The app and version labels of a workload that counts on its own; null when it does not (see `labelFacts`). */
type LabelFacts = { readonly app: PodLabel; readonly version: PodLabel | undefined } | null;

/**
 * Read once per YAML node and profile family (legacy-0.2 or today's): a node's content never changes (an edited
 * document is parsed into new nodes; one that only moved keeps its nodes, offsets shifted in place), and these hold no
 * offsets, so they never go stale. Rebuilding the lookup after an edit then costs a map access per workload.
 */
const factsByNode = { legacy: new WeakMap<YAMLMap, LabelFacts>(), today: new WeakMap<YAMLMap, LabelFacts>() };

/**
 * The label the pods' application or version is read from: under legacy-0.2 only `legacyKey` (what the 0.2 guide and
 * the rules workload-app-label / workload-version-label ask for); else the first of `keys` with a non-empty value,
 * most specific first, as today's Istio picks its canonical name and revision.
 */
function podLabel(
  labels: Readonly<Record<string, string>>,
  legacy: boolean,
  legacyKey: string,
  keys: readonly string[],
): PodLabel | undefined {
  for (const key of legacy ? [legacyKey] : keys) {
    const value = labels[key] ?? '';
    if (value !== '') {
      return { key, value };
    }
  }
  return undefined;
}

/**
 * A workload's app and version labels, when its pods count on their own: with an app label (workloads without one
 * are workload-app-label's), not Istio's control plane, and not owned by another object (a Deployment's ReplicaSet, a
 * Pod read back from a cluster: telemetry names their controller).
 */
function labelFacts(workload: K8sObject, legacy: boolean): LabelFacts {
  const memo = legacy ? factsByNode.legacy : factsByNode.today;
  const known = memo.get(workload.node);
  if (known !== undefined) {
    return known;
  }
  const labels = podTemplate(workload)?.labels;
  const app = labels && podLabel(labels, legacy, 'app', APP_LABELS);
  const facts =
    labels && app && !isIstioControlPlane(workload) && seqItemsAt(workload.node, ['metadata', 'ownerReferences']).length === 0
      ? { app, version: podLabel(labels, legacy, 'version', VERSION_LABELS) }
      : null;
  memo.set(workload.node, facts);
  return facts;
}

const identityKey = (namespace: string, app: string, version: string): string =>
  `${namespace}\u0000${app}\u0000${version}`;

/**
 * The workloads sharing a namespace, app and version (the version "" when missing): only the groups of two or more,
 * each in a stable order (file, then position). Built in one pass over the workloads; whether they are in the mesh is
 * asked by `labelTwins`, of one group.
 */
function buildLookup(
  index: WorkspaceIndex,
  profile: Profile,
  defaultNamespace: string,
): ReadonlyMap<string, readonly TelemetryIdentity[]> {
  const legacy = profile === 'legacy-0.2';
  // First pass without allocating per workload: most keys have one workload, kept as is.
  const candidates = new Map<string, K8sObject | K8sObject[]>();
  for (const kind of WORKLOAD_KINDS) {
    for (const workload of index.ofKind(kind)) {
      const facts = labelFacts(workload, legacy);
      if (!facts) {
        continue;
      }
      const key = identityKey(effectiveNamespace(workload, defaultNamespace), facts.app.value, facts.version?.value ?? '');
      const known = candidates.get(key);
      if (known === undefined) {
        candidates.set(key, workload);
      } else if (Array.isArray(known)) {
        known.push(workload);
      } else {
        candidates.set(key, [known, workload]);
      }
    }
  }
  const groups = new Map<string, readonly TelemetryIdentity[]>();
  for (const [key, group] of candidates) {
    if (!Array.isArray(group)) {
      continue; // Alone whatever the mesh says: most workloads are.
    }
    const ids: TelemetryIdentity[] = [];
    for (const workload of group) {
      const facts = labelFacts(workload, legacy);
      if (facts) {
        ids.push({ workload, namespace: effectiveNamespace(workload, defaultNamespace), ...facts });
      }
    }
    groups.set(key, ids.sort(byPosition));
  }
  return groups;
}

function byPosition(a: TelemetryIdentity, b: TelemetryIdentity): number {
  if (a.workload.uri !== b.workload.uri) {
    return a.workload.uri < b.workload.uri ? -1 : 1;
  }
  return a.workload.anchor.start - b.workload.anchor.start;
}

/**
 * The other workloads in the mesh with the same namespace, app and version pod labels as this one, one per object and
 * never a copy of this one (see `onePerObject`); undefined when it has none (or does not count itself: out of the
 * mesh, no app label, owned by another object, …).
 *
 * One lookup serves every workload, built once and kept until a workload changes. The answer itself changes only when
 * a workload with this app value appears, goes or is edited (its pod labels then move `podLabelTopic`), or when the
 * mesh membership of the group changes (read, and so recorded, here): that is what a result depends on, so an edit of
 * an unrelated workload does not re-run the rule everywhere.
 */
export function labelTwins(
  index: WorkspaceIndex,
  workload: K8sObject,
  profile: Profile,
  defaultNamespace: string,
): { readonly self: TelemetryIdentity; readonly others: readonly TelemetryIdentity[] } | undefined {
  const legacy = profile === 'legacy-0.2';
  const facts = labelFacts(workload, legacy);
  if (!facts) {
    return undefined;
  }
  for (const key of legacy ? ['app'] : APP_LABELS) {
    index.dependOn(podLabelTopic(key, facts.app.value));
  }
  const lookup = index.untracked(() =>
    index.derived(`label-twins\u0000${profile}\u0000${defaultNamespace}`, (ix) => buildLookup(ix, profile, defaultNamespace)),
  );
  const group = lookup.get(identityKey(effectiveNamespace(workload, defaultNamespace), facts.app.value, facts.version?.value ?? ''));
  const self = group?.find((id) => id.workload.node === workload.node);
  if (!group || !self || !isMeshWorkload(workload, profile, index, defaultNamespace)) {
    return undefined;
  }
  const others = onePerObject(
    group.filter(
      (id) => !sameObject(id.workload, workload, defaultNamespace) && isMeshWorkload(id.workload, profile, index, defaultNamespace),
    ),
    (id) => id.workload,
    defaultNamespace,
  );
  return others.length > 0 ? { self, others } : undefined;
}

/** Where a workload's pod label is written: the label's value (its key when it has no value), if found. */
export function podLabelSpan(workload: K8sObject, label: PodLabel): Span | undefined {
  const labels = mapAt(podTemplate(workload)?.metadata, ['labels']);
  const pair = labels ? pairOf(labels, label.key) : undefined;
  return pair ? (nodeSpan(pair.value) ?? nodeSpan(pair.key)) : undefined;
}
