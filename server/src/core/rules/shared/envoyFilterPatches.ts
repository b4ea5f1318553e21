import type { Node, YAMLMap } from 'yaml';
import { onePerObject } from '../../index/identity';
import type { WorkspaceIndex } from '../../index/workspaceIndex';
import { effectiveNamespace } from '../../index/workspaceIndex';
import type { K8sObject } from '../../model/k8sObject';
import { nodeAt, scalarString, seqItemsAt, stringAt } from '../../model/k8sObject';
import { isIstioNetworking } from '../../model/istioNetworking';
import { nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';

// The EnvoyFilter patch checks of Istio's envoyfilter.EnvoyPatchAnalyzer, shared by the rules reporting each of its
// codes (ef-add-operation-applies, ef-remove-operation-applies, ef-replace-operation-applies,
// ef-relative-operation-priority, ef-relative-operation-proxy-version).

/** What is wrong with one patch. */
export type PatchProblem = 'add-ignored' | 'remove-ignored' | 'replace-invalid' | 'relative' | 'relative-proxy-version';

/** One patch's problem, where its `operation` is written. */
export interface PatchFinding {
  readonly problem: PatchProblem;
  readonly index: number;
  readonly operation: string;
  readonly applyTo: string;
  readonly span: Span;
}

const ROUTE_KINDS = ['ROUTE_CONFIGURATION', 'HTTP_ROUTE'];
// Why VIRTUAL_HOST: Istio replaces virtual hosts by name too (newer than the analyzer's message says).
const REPLACEABLE_KINDS = ['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST'];
const RELATIVE = ['INSERT_BEFORE', 'INSERT_AFTER'];

/**
 * The problems of every EnvoyFilter's patches. A relative patch of a filter without priority is reported as
 * depending on the proxy version when an earlier patch (of this or an EnvoyFilter before it, by namespace and name)
 * that sets `match.proxy.proxyVersion` names the same filter, as Istio's analyzer tracks them.
 */
export function envoyFilterProblems(index: WorkspaceIndex, defaultNamespace: string): ReadonlyMap<YAMLMap, readonly PatchFinding[]> {
  return index.derived(`istio-envoyfilter-problems\u0000${defaultNamespace}`, (ix) => {
    const filters = onePerObject(ix.ofKind('EnvoyFilter').filter((f) => isIstioNetworking(f, 'EnvoyFilter')), (f) => f, defaultNamespace);
    const key = (f: K8sObject): string => `${effectiveNamespace(f, defaultNamespace)}/${f.name}`;
    filters.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const versioned: string[] = [];
    const out = new Map<YAMLMap, PatchFinding[]>();
    for (const ef of filters) {
      const priority = Number(scalarString(nodeAt(ef.node, ['spec', 'priority'])) ?? '0') || 0;
      const found: PatchFinding[] = [];
      seqItemsAt(ef.node, ['spec', 'configPatches']).some((p, i) => {
        const patch = p as Node;
        if (nodeAt(patch, ['patch']) === undefined) {
          return true; // Istio stops at the first patch without a `patch` section
        }
        const name = instanceName(patch);
        const operation = stringAt(patch, ['patch', 'operation']) ?? '';
        const applyTo = stringAt(patch, ['applyTo']) ?? '';
        const span = nodeSpan(nodeAt(patch, ['patch', 'operation'])) ?? nodeSpan(nodeAt(patch, ['patch'])) ?? ef.anchor;
        const add = (problem: PatchProblem): void => {
          found.push({ problem, index: i, operation, applyTo, span });
        };
        const relative = (): void => {
          if (priority === 0) {
            add(versioned.includes(name) ? 'relative-proxy-version' : 'relative');
          }
        };
        if (operation === 'ADD') {
          if (ROUTE_KINDS.includes(applyTo)) {
            add('add-ignored');
          }
        } else if (operation === 'REMOVE') {
          if (ROUTE_KINDS.includes(applyTo)) {
            add('remove-ignored');
          } else {
            relative();
          }
        } else if (operation === 'REPLACE') {
          if (!REPLACEABLE_KINDS.includes(applyTo)) {
            add('replace-invalid');
          } else {
            relative();
          }
        } else if (RELATIVE.includes(operation)) {
          relative();
        }
        if ((stringAt(patch, ['match', 'proxy', 'proxyVersion']) ?? '') !== '') {
          versioned.push(name);
        }
        return false;
      });
      out.set(ef.node, found);
    }
    return out;
  });
}

/** The filter a patch is about: its value's `name`, else the listener filter it matches (kept apart, as Istio does). */
function instanceName(patch: Node): string {
  const value = nodeAt(patch, ['patch', 'value']);
  if (value === undefined) {
    return '';
  }
  const own = scalarString(nodeAt(value, ['name']));
  if (nodeAt(value, ['name']) !== undefined) {
    return `value\u0000${own ?? ''}`;
  }
  return `match\u0000${stringAt(patch, ['match', 'listener', 'filterChain', 'filter', 'name']) ?? ''}`;
}

/** The findings of one problem on one EnvoyFilter. */
export function problemsOf(index: WorkspaceIndex, defaultNamespace: string, ef: K8sObject, problem: PatchProblem): PatchFinding[] {
  return (envoyFilterProblems(index, defaultNamespace).get(ef.node) ?? []).filter((f) => f.problem === problem);
}
