/** The istio-proxy container's `volumeMounts:` in the sidecar template. */
import { A } from '../../annotations';
import { identityMounts, istioDataMount, istiodCaCertMount, proxyMounts } from '../proxyVolumes';
import { namedEntriesOf } from '../templateFuncs';
import type { Rec } from '../../../plainData';
import { isset, value, type TemplateData } from '../templateData';
import type { SidecarSettings } from './settings';

/** The directory of a file path, with its trailing slash. */
function dirOf(path: string): string {
  return path.replace(/[^/]*$/, '');
}

/** The SPIFFE bundle map's directory, and the CRL the bundle needs when istiod is not the CA (`native`). */
function trustDomainMounts(s: SidecarSettings): Rec[] {
  if (s.spiffeBundlePath === '') {
    return [];
  }
  const mounts: Rec[] = [{ name: 'istio-trust-domains', mountPath: dirOf(s.spiffeBundlePath), readOnly: true }];
  if (!s.istiodCerts) {
    mounts.push({ name: 'istio-ca-crl', mountPath: '/var/run/secrets/istio/crl', readOnly: true });
  }
  return mounts;
}

/** istiod's root certificate and, in master, its CRL. */
function istiodCaMounts(s: SidecarSettings): Rec[] {
  if (!s.istiodCerts) {
    return [];
  }
  const mounts: Rec[] = [istiodCaCertMount()];
  if (s.native) {
    mounts.push({
      mountPath: '/var/run/secrets/istio/crl',
      name: 'istio-ca-crl',
      ...(s.spiffeBundlePath !== '' ? { readOnly: true } : {}),
    });
  }
  return mounts;
}

export function sidecarVolumeMounts(d: TemplateData, s: SidecarSettings): Rec[] {
  const mounts: Rec[] = [...trustDomainMounts(s), ...identityMounts(s.gke), ...istiodCaMounts(s), istioDataMount()];
  if (isset(d, A.bootstrapOverride)) {
    mounts.push({ mountPath: '/etc/istio/custom-bootstrap', name: 'custom-bootstrap-volume' });
  }
  mounts.push(...proxyMounts(d));
  if (value(d, 'global.proxy.tracer') === 'lightstep' && s.tracingTls !== undefined) {
    mounts.push({ mountPath: dirOf(s.tracingTls), name: 'lightstep-certs', readOnly: true });
  }
  if (isset(d, A.userVolumeMount)) {
    mounts.push(...namedEntriesOf(d, A.userVolumeMount));
  }
  return mounts;
}
