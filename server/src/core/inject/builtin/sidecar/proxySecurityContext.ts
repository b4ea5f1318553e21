/** The istio-proxy container's `securityContext:` in the sidecar template. */
import { truthy } from '../../config';
import type { Rec } from '../../../plainData';
import { value, type TemplateData } from '../templateData';
import type { SidecarSettings } from './settings';

/** With `IPTABLES_TRACE_LOGGING`, the proxy runs as root with NET_ADMIN to trace the rules. */
function tracingSecurityContext(d: TemplateData): Rec {
  return {
    allowPrivilegeEscalation: true,
    capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
    privileged: true,
    readOnlyRootFilesystem: true,
    runAsGroup: d.proxyGID || 1337,
    runAsNonRoot: false,
    runAsUser: 0,
  };
}

/** Without capabilities as the proxy's user; as root for TPROXY (and, in master, to bind low ports). */
function regularSecurityContext(d: TemplateData, s: SidecarSettings): Rec {
  const privileged = value(d, 'global.proxy.privileged') === true;
  const caps: Rec = {};
  if (s.tproxy || s.capNetBindService) {
    caps['add'] = [...(s.tproxy ? ['NET_ADMIN'] : []), ...(s.capNetBindService ? ['NET_BIND_SERVICE'] : [])];
  }
  caps['drop'] = ['ALL'];
  const sc: Rec = { allowPrivilegeEscalation: privileged, capabilities: caps, privileged, readOnlyRootFilesystem: true };
  const root = s.native ? s.tproxy || s.capNetBindService : s.tproxy;
  if (root) {
    Object.assign(sc, { runAsNonRoot: false, runAsUser: 0, runAsGroup: 1337 });
  } else {
    Object.assign(sc, { runAsNonRoot: true, runAsUser: d.proxyUID || 1337, runAsGroup: d.proxyGID || 1337 });
  }
  return sc;
}

export function proxySecurityContext(d: TemplateData, s: SidecarSettings): Rec {
  const sc = s.md['IPTABLES_TRACE_LOGGING'] === 'true' ? tracingSecurityContext(d) : regularSecurityContext(d, s);
  if (s.native && truthy(value(d, 'global.proxy.seccompProfile'))) {
    sc['seccompProfile'] = value(d, 'global.proxy.seccompProfile');
  }
  return sc;
}
