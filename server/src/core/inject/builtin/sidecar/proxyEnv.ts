/** The istio-proxy container's `env:` block in the sidecar template, in the template's order. */
import { A, L } from '../../annotations';
import { goSprint } from '../../config';
import { clusterEnv, envOf, goRuntimeEnv, meshEnv, ownerEnv, podEnv } from '../proxyEnv';
import { firstNonEmpty } from '../templateFuncs';
import { isRec } from '../../../plainData';
import type { Rec } from '../../../plainData';
import { isset, value, type TemplateData } from '../templateData';
import type { SidecarSettings } from './settings';

/** ISTIO_META_WORKLOAD_NAME: the workload's name (master lets the `service.istio.io/workload-name` label win). */
function workloadNameEnv(d: TemplateData, s: SidecarSettings): Rec[] {
  const name = s.native ? firstNonEmpty(d.labels[L.workloadName], d.deployMeta.name) : d.deployMeta.name;
  return name === '' ? [] : [{ name: 'ISTIO_META_WORKLOAD_NAME', value: name }];
}

/** ISTIO_ENVOY_ADMIN_TRANSPORT (and ISTIO_NATIVE_SIDECAR) for an admin API on a socket. */
function adminTransportEnv(s: SidecarSettings): Rec[] {
  if (!s.adminUds) {
    return [];
  }
  const env: Rec[] = [{ name: 'ISTIO_ENVOY_ADMIN_TRANSPORT', value: 'UDS' }];
  if (s.nativeSidecar) {
    env.push({ name: 'ISTIO_NATIVE_SIDECAR', value: 'true' });
  }
  return env;
}

/** Datadog's env from `apm.datadoghq.com/env` with the datadog tracer; a value not a JSON object gives none. */
function datadogEnv(d: TemplateData): Rec[] {
  if (value(d, 'global.proxy.tracer') !== 'datadog' || !isset(d, A.datadogEnv)) {
    return [];
  }
  let dd: unknown;
  try {
    dd = JSON.parse(d.annotations[A.datadogEnv] as string);
  } catch {
    dd = {};
  }
  return isRec(dd) ? envOf(dd) : [];
}

export function sidecarProxyEnv(d: TemplateData, s: SidecarSettings): Rec[] {
  const env: Rec[] = [];
  const inbound = (d.mesh['inboundTrafficPolicy'] as Rec | undefined)?.['mode'];
  if (inbound === 'LOCALHOST') {
    env.push({ name: 'REWRITE_PROBE_LEGACY_LOCALHOST_DESTINATION', value: 'true' });
  }
  env.push(...podEnv(d));
  env.push({ name: 'ISTIO_META_APP_CONTAINERS', value: s.appContainers.join(',') });
  env.push(...goRuntimeEnv(d));
  const interceptionMode = goSprint(d.proxyConfig['interceptionMode'] ?? 'REDIRECT');
  env.push(...clusterEnv(d, firstNonEmpty(d.annotations[A.interceptionMode], interceptionMode)));
  env.push(...workloadNameEnv(d, s));
  env.push(...ownerEnv(d));
  if (isset(d, A.bootstrapOverride)) {
    env.push({ name: 'ISTIO_BOOTSTRAP_OVERRIDE', value: '/etc/istio/custom-bootstrap/custom_bootstrap.json' });
  }
  env.push(...meshEnv(d));
  env.push(...adminTransportEnv(s));
  env.push(...datadogEnv(d));
  env.push(...envOf(s.md));
  return env;
}
