/** The sidecar template's `initContainers:` block: istio-init (or istio-validation with CNI), and the native sidecar. */
import { A } from '../../annotations';
import { goSprint, truthy } from '../../config';
import { setPullPolicy } from '../images';
import { proxyImage } from '../proxyContainer';
import { envOf } from '../proxyEnv';
import type { Rec } from '../../../plainData';
import { ann, isset, value, type TemplateData } from '../templateData';
import { excludeOutboundPorts, includeOutboundPorts, type SidecarSettings } from './settings';

/** `istio-iptables -p … -d …`: the listeners, the proxy's UID, the mode and what is captured in and out. */
function captureArgs(d: TemplateData, s: SidecarSettings): string[] {
  return [
    'istio-iptables',
    '-p',
    goSprint(truthy(d.mesh['proxyListenPort']) ? d.mesh['proxyListenPort'] : '15001'),
    '-z',
    goSprint(truthy(d.mesh['proxyInboundListenPort']) ? d.mesh['proxyInboundListenPort'] : '15006'),
    '-u',
    s.tproxy ? '1337' : String(d.proxyUID || 1337),
    '-m',
    s.interception,
    '-i',
    s.includeIPRanges,
    '-x',
    s.excludeIPRanges,
    '-b',
    s.includeInbound,
    '-d',
    s.excludeInbound ? `15090,15021,${s.excludeInbound}` : '15090,15021',
  ];
}

/** `-q`/`-o` outbound ports, `-k` virtual interfaces to reroute, `-c` interfaces left alone. */
function portAndInterfaceArgs(d: TemplateData, s: SidecarSettings): string[] {
  const args: string[] = [];
  if (s.hasIncludeOutbound) {
    args.push('-q', includeOutboundPorts(d));
  }
  if (s.hasExcludeOutbound) {
    args.push('-o', excludeOutboundPorts(d));
  }
  if (s.native && isset(d, A.rerouteVirtualInterfaces)) {
    args.push('-k', d.annotations[A.rerouteVirtualInterfaces] as string);
  } else if (isset(d, A.kubevirtInterfaces)) {
    args.push('-k', d.annotations[A.kubevirtInterfaces] as string);
  }
  if (isset(d, A.excludeInterfaces)) {
    args.push('-c', d.annotations[A.excludeInterfaces] as string);
  }
  return args;
}

/** Logging, then how the rules are applied: validated only with CNI, forced, or with nftables (`native`). */
function modeArgs(d: TemplateData, s: SidecarSettings): string[] {
  const args = [`--log_output_level=${ann(d, A.agentLogLevel, value(d, 'global.logging.level'))}`];
  if (truthy(value(d, 'global.logAsJson'))) {
    args.push('--log_as_json');
  }
  if (s.cni) {
    args.push('--run-validation', '--skip-rule-apply');
  } else if (truthy(value(d, 'global.proxy_init.forceApplyIptables'))) {
    args.push('--force-apply');
  }
  if (s.native && truthy(value(d, 'global.nativeNftables'))) {
    args.push('--native-nftables');
  }
  return args;
}

/** Root with NET_ADMIN to write the rules; with CNI only validating, so as the proxy's user without capabilities. */
function initSecurityContext(d: TemplateData, s: SidecarSettings): Rec {
  const privileged = value(d, 'global.proxy.privileged') === true;
  const sc: Rec = {
    allowPrivilegeEscalation: privileged,
    privileged,
    capabilities: s.cni ? { drop: ['ALL'] } : { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
  };
  if (!s.cni) {
    Object.assign(sc, { readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 });
  } else {
    Object.assign(sc, {
      readOnlyRootFilesystem: true,
      runAsGroup: s.tproxy ? 1337 : d.proxyGID || 1337,
      runAsUser: s.tproxy ? 1337 : d.proxyUID || 1337,
      runAsNonRoot: true,
    });
  }
  if (s.native && truthy(value(d, 'global.proxy.seccompProfile'))) {
    sc['seccompProfile'] = value(d, 'global.proxy.seccompProfile');
  }
  return sc;
}

/** istio-init (istio-validation with CNI): sets up, or checks, the traffic capture before the app starts. */
function initContainer(d: TemplateData, s: SidecarSettings): Rec {
  const init: Rec = {
    name: s.cni ? 'istio-validation' : 'istio-init',
    image: proxyImage(d, 'global.proxy_init.image', s.native ? d.proxyInitImage : d.proxyImage),
    args: [...captureArgs(d, s), ...portAndInterfaceArgs(d, s), ...modeArgs(d, s)],
  };
  setPullPolicy(d, init);
  if (Object.keys(s.md).length > 0) {
    init['env'] = envOf(s.md);
  }
  init['resources'] = s.resources ?? null;
  init['securityContext'] = initSecurityContext(d, s);
  return init;
}

/**
 * The `initContainers:` the template renders, merged onto the pod's own: istio-init unless interception is NONE,
 * then the proxy when it is a native sidecar. With neither it renders `initContainers: []`, which leaves the app's
 * own alone (an empty `initContainers:` would be null, and the patch would delete them).
 */
export function sidecarInitContainers(d: TemplateData, s: SidecarSettings, proxy: Rec): Rec[] {
  const initContainers = s.interception !== 'NONE' ? [initContainer(d, s)] : [];
  return s.nativeSidecar ? [...initContainers, proxy] : initContainers;
}
