/** The sidecar template's `volumes:` block, in the template's order. */
import { A } from '../../annotations';
import { goSprint, truthy } from '../../config';
import {
  envoyAndDataVolumes,
  identityVolumes,
  mtlsCertsVolumes,
  podinfoAndTokenVolumes,
  trustBundleName,
} from '../proxyVolumes';
import { firstNonEmpty, namedEntriesOf } from '../templateFuncs';
import type { Rec } from '../../../plainData';
import { isset, value, type TemplateData } from '../templateData';
import type { SidecarSettings } from './settings';

/** The `istio-trust-domains` ConfigMap holding the SPIFFE bundle map, mounted under the map's file name. */
function trustDomainsVolumes(s: SidecarSettings): Rec[] {
  if (s.spiffeBundlePath === '') {
    return [];
  }
  const file = s.spiffeBundlePath.replace(/^.*\//, '');
  return [
    {
      name: 'istio-trust-domains',
      configMap: { name: 'istio-trust-domains', optional: true, items: [{ key: 'spiffe-bundle-map.json', path: file }] },
    },
  ];
}

/** istiod's root certificate: a ClusterTrustBundle when master's API switch is on, else the ConfigMap. */
function istiodCaCertVolumes(d: TemplateData, s: SidecarSettings): Rec[] {
  if (!s.istiodCerts) {
    return [];
  }
  const trustBundle = trustBundleName(d);
  if (s.native && value(d, 'pilot.env.ENABLE_CLUSTER_TRUST_BUNDLE_API') === true) {
    const clusterTrustBundle = {
      name: `istio.io:istiod-ca:${firstNonEmpty(trustBundle, 'root-cert')}`,
      path: 'root-cert.pem',
    };
    return [{ name: 'istiod-ca-cert', projected: { sources: [{ clusterTrustBundle }] } }];
  }
  return [{ name: 'istiod-ca-cert', configMap: { name: firstNonEmpty(trustBundle, 'istio-ca-root-cert') } }];
}

/** Master's istio-ca-crl ConfigMap (optional). */
function crlVolumes(d: TemplateData, s: SidecarSettings): Rec[] {
  if (!s.native) {
    return [];
  }
  const crl = truthy(value(d, 'pilot.crlConfigMapName')) ? goSprint(value(d, 'pilot.crlConfigMapName')) : 'istio-ca-crl';
  return [{ name: 'istio-ca-crl', configMap: { name: crl, optional: true } }];
}

export function sidecarVolumes(d: TemplateData, s: SidecarSettings): Rec[] {
  const volumes: Rec[] = [...trustDomainsVolumes(s), ...identityVolumes(s.gke, 'null')];
  if (isset(d, A.bootstrapOverride)) {
    volumes.push({ name: 'custom-bootstrap-volume', configMap: { name: d.annotations[A.bootstrapOverride] } });
  }
  volumes.push(...envoyAndDataVolumes(), ...podinfoAndTokenVolumes(d));
  volumes.push(...istiodCaCertVolumes(d, s), ...crlVolumes(d, s), ...mtlsCertsVolumes(d));
  if (isset(d, A.userVolume)) {
    volumes.push(...namedEntriesOf(d, A.userVolume));
  }
  if (value(d, 'global.proxy.tracer') === 'lightstep' && s.tracingTls !== undefined) {
    volumes.push({ name: 'lightstep-certs', secret: { optional: true, secretName: 'lightstep.cacert' } });
  }
  return volumes;
}
