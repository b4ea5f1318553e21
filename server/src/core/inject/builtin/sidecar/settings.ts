/**
 * What the sidecar template works out once and several of its blocks read: the interception mode, whether the
 * proxy is a native sidecar, the traffic capture settings, the proxy's resources, which CA and which mounts.
 */
import { A } from '../../annotations';
import { goSprint, truthy } from '../../config';
import { proxyResources } from '../resources';
import { gkeWorkloadCertificates, istiodCerts } from '../proxyVolumes';
import { excludeInboundPort, firstNonEmpty } from '../templateFuncs';
import { isRec } from '../../../plainData';
import type { Rec } from '../../../plainData';
import { ann, appContainerNames, isset, proxyMetadata, value, type TemplateData } from '../templateData';

export interface SidecarSettings {
  /** The `native` flavour (master's template) rather than `classic` (1.24's). */
  readonly native: boolean;
  /** `sidecar.istio.io/interceptionMode`, else the proxy config's. */
  readonly interception: string;
  readonly tproxy: boolean;
  readonly capNetBindService: boolean;
  /** Whether istio-proxy goes into initContainers with `restartPolicy: Always`. */
  readonly nativeSidecar: boolean;
  readonly cni: boolean;
  readonly statusPort: string;
  /** `.ProxyConfig.ProxyMetadata`. */
  readonly md: Rec;
  readonly appContainers: readonly string[];
  readonly includeIPRanges: string;
  readonly excludeIPRanges: string;
  readonly includeInbound: string;
  /** The excluded inbound ports with the status port added. */
  readonly excludeInbound: string;
  readonly hasIncludeOutbound: boolean;
  readonly hasExcludeOutbound: boolean;
  /** `sidecar.istio.io/adminTransport: UDS` (`native` only): Envoy's admin API on a socket. */
  readonly adminUds: boolean;
  /** `holdApplicationUntilProxyStarts` as a postStart hook (a native sidecar starts first anyway). */
  readonly holdProxy: boolean;
  readonly resources: Rec | undefined;
  readonly istiodCerts: boolean;
  readonly gke: boolean;
  /** `SPIFFE_BUNDLE_MAP_PATH` from the proxy metadata (`native` only), '' when not set. */
  readonly spiffeBundlePath: string;
  /** The tracer's CA file (`tracing.tlsSettings.caCertificates`), undefined without TLS settings. */
  readonly tracingTls: string | undefined;
}

function isNativeSidecar(d: TemplateData): boolean {
  return d.flavor === 'native'
    ? firstNonEmpty(d.annotations[A.nativeSidecar], d.nativeSidecars ? 'true' : 'false') !== 'false'
    : (!isset(d, A.nativeSidecar) && d.nativeSidecars) || d.annotations[A.nativeSidecar] === 'true';
}

function lightstepTls(d: TemplateData): string | undefined {
  const tracing = d.proxyConfig['tracing'];
  const tls = isRec(tracing) ? tracing['tlsSettings'] : undefined;
  if (!isRec(tls)) {
    return undefined;
  }
  return typeof tls['caCertificates'] === 'string' ? (tls['caCertificates'] as string) : '';
}

function spiffeBundlePath(d: TemplateData, md: Rec): string {
  const path = md['SPIFFE_BUNDLE_MAP_PATH'];
  return d.flavor === 'native' && typeof path === 'string' ? path : '';
}

export function sidecarSettings(d: TemplateData): SidecarSettings {
  const native = d.flavor === 'native';
  const interception = ann(d, A.interceptionMode, d.proxyConfig['interceptionMode'] ?? 'REDIRECT');
  const nativeSidecar = isNativeSidecar(d);
  const statusPort = ann(d, A.statusPort, value(d, 'global.proxy.statusPort'));
  const md = proxyMetadata(d);
  return {
    native,
    interception,
    tproxy: interception === 'TPROXY',
    capNetBindService: ann(d, A.capNetBindService, value(d, 'global.proxy.capNetBindService')) === 'true',
    nativeSidecar,
    cni: truthy(value(d, 'pilot.cni.enabled')),
    statusPort,
    md,
    appContainers: appContainerNames(d.spec),
    includeIPRanges: ann(d, A.includeOutboundIPRanges, value(d, 'global.proxy.includeIPRanges')),
    excludeIPRanges: ann(d, A.excludeOutboundIPRanges, value(d, 'global.proxy.excludeIPRanges')),
    includeInbound: ann(d, A.includeInboundPorts, value(d, 'global.proxy.includeInboundPorts')),
    excludeInbound: excludeInboundPort(
      statusPort,
      ann(d, A.excludeInboundPorts, value(d, 'global.proxy.excludeInboundPorts')),
    ),
    hasIncludeOutbound:
      isset(d, A.includeOutboundPorts) || goSprint(value(d, 'global.proxy.includeOutboundPorts') ?? '') !== '',
    hasExcludeOutbound:
      isset(d, A.excludeOutboundPorts) || goSprint(value(d, 'global.proxy.excludeOutboundPorts') ?? '') !== '',
    adminUds: native && d.annotations[A.adminTransport] === 'UDS',
    holdProxy:
      (d.proxyConfig['holdApplicationUntilProxyStarts'] === true ||
        truthy(value(d, 'global.proxy.holdApplicationUntilProxyStarts'))) &&
      !nativeSidecar,
    resources: proxyResources(d),
    istiodCerts: istiodCerts(d),
    gke: gkeWorkloadCertificates(d),
    spiffeBundlePath: spiffeBundlePath(d, md),
    tracingTls: lightstepTls(d),
  };
}

/** `traffic.sidecar.istio.io/includeOutboundPorts`, else the values'. */
export function includeOutboundPorts(d: TemplateData): string {
  return ann(d, A.includeOutboundPorts, value(d, 'global.proxy.includeOutboundPorts'));
}

/** `traffic.sidecar.istio.io/excludeOutboundPorts`, else the values'. */
export function excludeOutboundPorts(d: TemplateData): string {
  return ann(d, A.excludeOutboundPorts, value(d, 'global.proxy.excludeOutboundPorts'));
}
