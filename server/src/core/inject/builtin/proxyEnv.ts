/** The istio-proxy env entries the sidecar and gateway templates write alike, block by block. */
import { goSprint, proxyConfigJson, truthy } from '../config';
import { goJsonOf } from '../goTypes';
import { firstNonEmpty, sortedEntries } from './templateFuncs';
import type { Rec } from '../../plainData';
import { containersOf, value, type TemplateData } from './templateData';

export function fieldEnv(name: string, fieldPath: string): Rec {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

function resourceEnv(d: TemplateData, name: string, resource: string): Rec {
  const ref: Rec = { resource };
  if (d.flavor === 'native') {
    ref['divisor'] = '1';
  }
  return { name, valueFrom: { resourceFieldRef: ref } };
}

/** ISTIO_META_POD_PORTS: the app containers' ports as the template's JSON list, one port a line. */
function podPorts(d: TemplateData): string {
  let text = '[';
  let first = true;
  for (const c of containersOf(d.spec, 'containers')) {
    const ports = Array.isArray(c['ports']) ? c['ports'] : [];
    for (const p of ports) {
      text += `\n    ${first ? '' : ','}${goJsonOf(p, 'ContainerPort', d.flavor)}`;
      first = false;
    }
  }
  return `${text}\n]`;
}

/** The proxy env from PILOT_CERT_PROVIDER to ISTIO_META_POD_PORTS: certificates, the pod's identity and ports. */
export function podEnv(d: TemplateData): Rec[] {
  const revision = goSprint(value(d, 'revision') ?? '');
  return [
    { name: 'PILOT_CERT_PROVIDER', value: goSprint(value(d, 'global.pilotCertProvider')) },
    {
      name: 'CA_ADDR',
      value: truthy(value(d, 'global.caAddress'))
        ? goSprint(value(d, 'global.caAddress'))
        : `istiod${revision !== '' ? `-${revision}` : ''}.${goSprint(value(d, 'global.istioNamespace'))}.svc:15012`,
    },
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('INSTANCE_IP', 'status.podIP'),
    fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    fieldEnv('HOST_IP', 'status.hostIP'),
    resourceEnv(d, 'ISTIO_CPU_LIMIT', 'limits.cpu'),
    { name: 'PROXY_CONFIG', value: `${proxyConfigJson(d.proxyConfig)}\n` },
    { name: 'ISTIO_META_POD_PORTS', value: podPorts(d) },
  ];
}

/** GOMEMLIMIT, and GOMAXPROCS where the template still sets it (not `native`). */
export function goRuntimeEnv(d: TemplateData): Rec[] {
  return d.flavor === 'native'
    ? [resourceEnv(d, 'GOMEMLIMIT', 'limits.memory')]
    : [resourceEnv(d, 'GOMEMLIMIT', 'limits.memory'), resourceEnv(d, 'GOMAXPROCS', 'limits.cpu')];
}

/** ISTIO_META_CLUSTER_ID, ISTIO_META_NODE_NAME, ISTIO_META_INTERCEPTION_MODE and, when set, ISTIO_META_NETWORK. */
export function clusterEnv(d: TemplateData, interceptionMode: string): Rec[] {
  const clusterName = value(d, 'global.multiCluster.clusterName');
  const env: Rec[] = [
    { name: 'ISTIO_META_CLUSTER_ID', value: truthy(clusterName) ? goSprint(clusterName) : 'Kubernetes' },
    fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
    { name: 'ISTIO_META_INTERCEPTION_MODE', value: interceptionMode },
  ];
  if (truthy(value(d, 'global.network'))) {
    env.push({ name: 'ISTIO_META_NETWORK', value: goSprint(value(d, 'global.network')) });
  }
  return env;
}

/** ISTIO_META_OWNER, when the workload's type and name are known. */
export function ownerEnv(d: TemplateData): Rec[] {
  if (d.typeMeta.apiVersion === '' || d.deployMeta.name === '') {
    return [];
  }
  return [
    {
      name: 'ISTIO_META_OWNER',
      value: `kubernetes://apis/${d.typeMeta.apiVersion}/namespaces/${firstNonEmpty(d.deployMeta.namespace, 'default')}/${d.typeMeta.kind.toLowerCase()}s/${d.deployMeta.name}`,
    },
  ];
}

/** ISTIO_META_MESH_ID (the mesh ID, else the trust domain) and TRUST_DOMAIN. */
export function meshEnv(d: TemplateData): Rec[] {
  const env: Rec[] = [];
  const trustDomain = firstNonEmpty(
    typeof d.mesh['trustDomain'] === 'string' ? (d.mesh['trustDomain'] as string) : undefined,
    truthy(value(d, 'global.trustDomain')) ? goSprint(value(d, 'global.trustDomain')) : undefined,
  );
  if (truthy(value(d, 'global.meshID'))) {
    env.push({ name: 'ISTIO_META_MESH_ID', value: goSprint(value(d, 'global.meshID')) });
  } else if (trustDomain !== '') {
    env.push({ name: 'ISTIO_META_MESH_ID', value: trustDomain });
  }
  if (trustDomain !== '') {
    env.push({ name: 'TRUST_DOMAIN', value: trustDomain });
  }
  return env;
}

/** A map as env entries, sorted by name, values printed as Go prints them. */
export function envOf(m: Rec): Rec[] {
  return sortedEntries(m).map(([name, v]) => ({ name, value: goSprint(v) }));
}
