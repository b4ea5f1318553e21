import type { Node } from 'yaml';
import type { K8sObject } from '../../model/k8sObject';
import { nodeAt, stringAt } from '../../model/k8sObject';
import { nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';

// What the rules about a DestinationRule's client TLS share (dr-tls-ca-certificates, dr-port-tls-ca-certificates).

/** TLS modes in which the sidecar originates TLS with certificates the user gives (ISTIO_MUTUAL brings its own). */
const USER_TLS_MODES = ['SIMPLE', 'MUTUAL'];

/**
 * Where a `tls` block originates TLS without verifying the server: mode SIMPLE or MUTUAL and no `caCertificates`
 * (a `credentialName` counts only on a DestinationRule with a `workloadSelector`, as Istio reads it: only a
 * gateway-scoped rule gets the CA from the credential). The span is the `mode` value.
 */
export function unverifiedTls(dr: K8sObject, tls: Node | undefined): { mode: string; span: Span } | undefined {
  const mode = stringAt(tls, ['mode']);
  if (!mode || !USER_TLS_MODES.includes(mode)) {
    return undefined;
  }
  if ((stringAt(tls, ['caCertificates']) ?? '') !== '') {
    return undefined;
  }
  if ((stringAt(tls, ['credentialName']) ?? '') !== '' && nodeAt(dr.node, ['spec', 'workloadSelector']) !== undefined) {
    return undefined;
  }
  const span = nodeSpan(nodeAt(tls, ['mode']));
  return span ? { mode, span } : undefined;
}
