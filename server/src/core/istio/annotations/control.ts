/**
 * Istio's annotations for what its control plane and tools read or write: analysis suppressions, authorization dry
 * runs, service accounts, and istiod's bookkeeping of auto-registered WorkloadEntries.
 */
import type { IstioKey } from '../keys';

export const CONTROL_ANNOTATIONS: readonly IstioKey[] = [
  // Analysis and security.
  {
    name: 'galley.istio.io/analyze-suppress',
    summary:
      '`istioctl analyze` codes (comma-separated, e.g. `IST0103,IST0108`) not to report for this resource; `*` silences ' +
      'all. This extension honours it too.',
    places: ['Any'],
    value: { type: 'list', examples: ['*'] },
    stage: 'alpha',
  },
  {
    name: 'istio.io/dry-run',
    summary: 'Runs an AuthorizationPolicy in dry-run mode: its decisions are logged and counted but not enforced.',
    places: ['AuthorizationPolicy'],
    value: { type: 'boolean' },
    stage: 'alpha',
  },
  {
    name: 'alpha.istio.io/kubernetes-serviceaccounts',
    summary: 'Kubernetes service accounts allowed to run this Service on VMs.',
    places: ['Service'],
    value: { type: 'list' },
    stage: 'alpha',
    hidden: true,
    deprecated: {},
  },
  {
    name: 'alpha.istio.io/canonical-serviceaccounts',
    summary: 'Non-Kubernetes service accounts allowed to run this Service.',
    places: ['Service'],
    value: { type: 'list' },
    stage: 'alpha',
    hidden: true,
    deprecated: {},
  },
  // WorkloadEntry bookkeeping by istiod.
  ...['autoRegistrationGroup', 'workloadController', 'connectedAt', 'disconnectedAt'].map(
    (n): IstioKey => ({
      name: `istio.io/${n}`,
      summary: 'Written by istiod on auto-registered WorkloadEntries to track the VM’s connection.',
      places: ['WorkloadEntry'],
      value: { type: 'text' },
      stage: 'alpha',
      hidden: true,
      writtenByIstio: true,
    }),
  ),
];
