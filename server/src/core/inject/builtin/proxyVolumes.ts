/** The volumes and mounts the sidecar and gateway templates give the proxy alike. */
import { goSprint, truthy } from '../config';
import type { Rec } from '../../plainData';
import { value, type TemplateData } from './templateData';

/** Whether the CA is istiod, whose root certificate the proxy mounts from `istiod-ca-cert`. */
export function istiodCerts(d: TemplateData): boolean {
  return value(d, 'global.pilotCertProvider') === 'istiod';
}

/** Whether workload certificates come from GKE's CSI driver. */
export function gkeWorkloadCertificates(d: TemplateData): boolean {
  return value(d, 'global.caName') === 'GkeWorkloadCertificate';
}

export function istiodCaCertMount(): Rec {
  return { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' };
}

export function istioDataMount(): Rec {
  return { mountPath: '/var/lib/istio/data', name: 'istio-data' };
}

/** The mounts of the workload identity sockets and certificates (GKE's CSI driver, or an emptyDir). */
export function identityMounts(gke: boolean): Rec[] {
  return [
    { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
    { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
    gke
      ? { name: 'gke-workload-certificate', mountPath: '/var/run/secrets/workload-spiffe-credentials', readOnly: true }
      : { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
  ];
}

/** The mounts from istio-envoy to istio-podinfo: Envoy's config, the token, the mTLS certificates when mounted, pod info. */
export function proxyMounts(d: TemplateData): Rec[] {
  const mounts: Rec[] = [
    { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
    { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
  ];
  if (truthy(value(d, 'global.mountMtlsCerts'))) {
    mounts.push({ mountPath: '/etc/certs/', name: 'istio-certs', readOnly: true });
  }
  mounts.push({ name: 'istio-podinfo', mountPath: '/etc/istio/pod' });
  return mounts;
}

/** The workload identity volumes; the sidecar template writes their `emptyDir:` empty (null), the gateway's `{}`. */
export function identityVolumes(gke: boolean, emptyDir: 'null' | '{}'): Rec[] {
  // A fresh object each: the output is a tree, never a graph the YAML writer would print with anchors.
  const dir = (): Rec | null => (emptyDir === 'null' ? null : {});
  return [
    { emptyDir: dir(), name: 'workload-socket' },
    { emptyDir: dir(), name: 'credential-socket' },
    gke
      ? { name: 'gke-workload-certificate', csi: { driver: 'workloadcertificates.security.cloud.google.com' } }
      : { emptyDir: dir(), name: 'workload-certs' },
  ];
}

/** The istio-envoy (in memory) and istio-data volumes. */
export function envoyAndDataVolumes(): Rec[] {
  return [
    { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
    { name: 'istio-data', emptyDir: {} },
  ];
}

/** The istio-podinfo and istio-token volumes. */
export function podinfoAndTokenVolumes(d: TemplateData): Rec[] {
  return [
    {
      name: 'istio-podinfo',
      downwardAPI: {
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
        ],
      },
    },
    {
      name: 'istio-token',
      projected: {
        sources: [
          {
            serviceAccountToken: {
              path: 'istio-token',
              expirationSeconds: 43200,
              audience: goSprint(value(d, 'global.sds.token.aud')),
            },
          },
        ],
      },
    },
  ];
}

/** The trust bundle's name (`global.trustBundleName`, `native` only), '' for the default. */
export function trustBundleName(d: TemplateData): string {
  const name = value(d, 'global.trustBundleName');
  return d.flavor === 'native' && truthy(name) ? goSprint(name) : '';
}

/** The istio-certs volume (the service account's secret), when `global.mountMtlsCerts` is set. */
export function mtlsCertsVolumes(d: TemplateData): Rec[] {
  if (!truthy(value(d, 'global.mountMtlsCerts'))) {
    return [];
  }
  const sa = typeof d.spec['serviceAccountName'] === 'string' ? (d.spec['serviceAccountName'] as string) : '';
  return [{ name: 'istio-certs', secret: { optional: true, secretName: sa === '' ? 'istio.default' : `istio.${sa}` } }];
}
