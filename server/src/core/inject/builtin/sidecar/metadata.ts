/** The sidecar template's `metadata:` block: the labels and the annotations it adds to the pod. */
import { A, L } from '../../annotations';
import type { Rec } from '../../../plainData';
import { value, isset, type TemplateData } from '../templateData';
import { canonicalName, canonicalRevision } from '../canonicalService';
import { appendMultusNetwork, firstNonEmpty, trimChars } from '../templateFuncs';
import { excludeOutboundPorts, includeOutboundPorts, type SidecarSettings } from './settings';

/** The canonical name cut to a label's 63 characters; master trims `-_.` at both ends, 1.24 one trailing `-`. */
function canonicalNameLabel(d: TemplateData, s: SidecarSettings): string {
  const appName = canonicalName(d).slice(0, 63);
  if (s.native) {
    return trimChars(appName, '-_.', true, true);
  }
  return appName.endsWith('-') ? appName.slice(0, -1) : appName;
}

export function sidecarLabels(d: TemplateData, s: SidecarSettings): Rec {
  const labels: Rec = {};
  labels[L.tlsMode] = firstNonEmpty(d.labels[L.tlsMode], 'istio');
  if (s.md['ISTIO_META_ENABLE_HBONE'] === 'true') {
    labels[L.tunnel] = firstNonEmpty(d.labels[L.tunnel], 'http');
  }
  labels[L.canonicalName] = canonicalNameLabel(d, s);
  labels[L.canonicalRevision] = canonicalRevision(d);
  return labels;
}

/** With CNI, the traffic settings go to the pod as annotations for the CNI plugin to read. */
function cniTrafficAnnotations(d: TemplateData, s: SidecarSettings, annotations: Rec): void {
  if (value(d, 'pilot.cni.provider') === 'multus') {
    annotations[A.multusNetworks] = appendMultusNetwork(d.annotations[A.multusNetworks] ?? '', 'default/istio-cni');
  }
  annotations[A.interceptionMode] = s.interception;
  if (s.includeIPRanges !== '') {
    annotations[A.includeOutboundIPRanges] = s.includeIPRanges;
  }
  if (s.excludeIPRanges !== '') {
    annotations[A.excludeOutboundIPRanges] = s.excludeIPRanges;
  }
  if (s.native || s.includeInbound !== '') {
    annotations[A.includeInboundPorts] = s.includeInbound;
  }
  annotations[A.excludeInboundPorts] = s.excludeInbound;
  if (s.hasIncludeOutbound) {
    annotations[A.includeOutboundPorts] = includeOutboundPorts(d);
  }
  if (s.hasExcludeOutbound) {
    annotations[A.excludeOutboundPorts] = excludeOutboundPorts(d);
  }
  const interfaces = s.native
    ? [A.kubevirtInterfaces, A.rerouteVirtualInterfaces, A.excludeInterfaces]
    : [A.kubevirtInterfaces, A.excludeInterfaces];
  for (const name of interfaces) {
    if (firstNonEmpty(d.annotations[name]) !== '') {
      annotations[name] = d.annotations[name];
    }
  }
}

export function sidecarAnnotations(d: TemplateData, s: SidecarSettings): Rec {
  const annotations: Rec = {};
  annotations[A.rev] = firstNonEmpty(d.revision, 'default');
  const firstApp = s.appContainers[0];
  if (firstApp !== undefined) {
    if (!isset(d, A.defaultLogsContainer)) {
      annotations[A.defaultLogsContainer] = firstApp;
    }
    if (!isset(d, A.defaultContainer)) {
      annotations[A.defaultContainer] = firstApp;
    }
  }
  if (s.cni) {
    cniTrafficAnnotations(d, s, annotations);
  }
  return annotations;
}
