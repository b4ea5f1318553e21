/**
 * The `gateway` template (files/gateway-injection-template.yaml), chosen with `inject.istio.io/templates: gateway`:
 * the pod's own `istio-proxy` container becomes a router; no init container, no traffic capture.
 */
import { A, L } from '../annotations';
import { goSprint, truthy } from '../config';
import { canonicalName, canonicalRevision } from './canonicalService';
import { setPullPolicy, setPullSecrets } from './images';
import { envoyPromPorts, pilotAgentArgs, proxyImage, readinessProbe } from './proxyContainer';
import { clusterEnv, envOf, goRuntimeEnv, meshEnv, ownerEnv, podEnv } from './proxyEnv';
import {
  envoyAndDataVolumes,
  gkeWorkloadCertificates,
  identityMounts,
  identityVolumes,
  istioDataMount,
  istiodCaCertMount,
  istiodCerts,
  mtlsCertsVolumes,
  podinfoAndTokenVolumes,
  proxyMounts,
  trustBundleName,
} from './proxyVolumes';
import { firstNonEmpty } from './templateFuncs';
import type { Rec } from '../../plainData';
import { appContainerNames, proxyMetadata, value, type TemplateData } from './templateData';

/** The canonical service labels, the revision, and the default container when the pod has exactly one app. */
function gatewayMetadata(d: TemplateData, appContainers: string[]): Rec {
  const labels: Rec = { [L.canonicalName]: canonicalName(d), [L.canonicalRevision]: canonicalRevision(d) };
  const annotations: Rec = { [A.rev]: firstNonEmpty(d.revision, 'default') };
  const onlyApp = appContainers.length === 1 ? appContainers[0] : undefined;
  if (onlyApp !== undefined) {
    annotations[A.defaultLogsContainer] = onlyApp;
    annotations[A.defaultContainer] = onlyApp;
  }
  return { labels, annotations };
}

function gatewayEnv(d: TemplateData, appContainers: string[]): Rec[] {
  const env: Rec[] = podEnv(d);
  env.push(...goRuntimeEnv(d));
  env.push({ name: 'ISTIO_META_APP_CONTAINERS', value: appContainers.join(',') });
  env.push(...clusterEnv(d, goSprint(d.proxyConfig['interceptionMode'] ?? 'REDIRECT')));
  if (d.deployMeta.name !== '') {
    env.push({ name: 'ISTIO_META_WORKLOAD_NAME', value: d.deployMeta.name });
  }
  env.push(...ownerEnv(d));
  env.push(...meshEnv(d));
  env.push(...envOf(proxyMetadata(d)));
  return env;
}

function gatewayMounts(d: TemplateData): Rec[] {
  return [
    ...identityMounts(gkeWorkloadCertificates(d)),
    ...(istiodCerts(d) ? [istiodCaCertMount()] : []),
    istioDataMount(),
    ...proxyMounts(d),
  ];
}

function gatewayProxy(d: TemplateData, appContainers: string[]): Rec {
  const proxy: Rec = {
    name: 'istio-proxy',
    image: proxyImage(d, 'global.proxy.image', d.proxyImage),
    ports: envoyPromPorts(),
    args: pilotAgentArgs(d, 'router'),
  };
  if (truthy(value(d, 'global.proxy.lifecycle'))) {
    proxy['lifecycle'] = value(d, 'global.proxy.lifecycle');
  }
  proxy['securityContext'] = { runAsUser: d.proxyUID || 1337, runAsGroup: d.proxyGID || 1337 };
  proxy['env'] = gatewayEnv(d, appContainers);
  setPullPolicy(d, proxy);
  proxy['readinessProbe'] = readinessProbe(
    goSprint(value(d, 'global.proxy.readinessInitialDelaySeconds')),
    goSprint(value(d, 'global.proxy.readinessPeriodSeconds')),
    goSprint(value(d, 'global.proxy.readinessFailureThreshold')),
  );
  proxy['volumeMounts'] = gatewayMounts(d);
  return proxy;
}

function gatewayVolumes(d: TemplateData): Rec[] {
  const volumes: Rec[] = [
    ...identityVolumes(gkeWorkloadCertificates(d), '{}'),
    ...envoyAndDataVolumes(),
    ...podinfoAndTokenVolumes(d),
  ];
  if (istiodCerts(d)) {
    volumes.push({ name: 'istiod-ca-cert', configMap: { name: firstNonEmpty(trustBundleName(d), 'istio-ca-root-cert') } });
  }
  volumes.push(...mtlsCertsVolumes(d));
  return volumes;
}

/** The partial pod `{ metadata, spec }` the gateway template renders, to merge onto the pod. */
export function renderGatewayTemplate(d: TemplateData): Rec {
  const appContainers = appContainerNames(d.spec);
  const spec: Rec = {};
  if (d.flavor === 'native') {
    const gw = value(d, 'gateways.securityContext');
    spec['securityContext'] = truthy(gw) ? gw : { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] };
  }
  spec['containers'] = [gatewayProxy(d, appContainers)];
  spec['volumes'] = gatewayVolumes(d);
  setPullSecrets(d, spec);
  return { metadata: gatewayMetadata(d, appContainers), spec };
}
