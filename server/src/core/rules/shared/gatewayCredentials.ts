import type { Node } from 'yaml';
import { effectiveNamespace } from '../../index/workspaceIndex';
import type { K8sObject } from '../../model/k8sObject';
import { mapAt, nodeAt, seqItemsAt, stringAt, stringRecord } from '../../model/k8sObject';
import { shortOrFullName } from '../../model/istioHost';
import { certificateValidity, decodeBase64, pemBlocks } from '../../model/x509';
import { nodeSpan } from '../../yaml/spans';
import type { Span } from '../../yaml/spans';
import type { RuleContext } from '../rule';
import { selectedGatewayWorkloads } from './gatewayWorkloads';

// What the rules about a Gateway's TLS credentials share (gw-credential-exists, gw-credential-valid).

/** Where Istio's gateways are installed by default, and so look for credentials when no gateway pod is known. */
const DEFAULT_GATEWAY_NAMESPACE = 'istio-system';

/** A server's `credentialName` and the Secret it names, when found. */
export interface CredentialRef {
  readonly name: string;
  readonly span: Span;
  /** The namespaces looked in. */
  readonly namespaces: readonly string[];
  readonly secret: K8sObject | undefined;
  /** The namespace of the gateway pods (the assumed ingress gateway's included), undefined when none is selected. */
  readonly podNamespace: string | undefined;
}

/**
 * The credentials of a Gateway's servers. A Secret is looked up in the namespace of the gateway pods the Gateway
 * selects (as Istio does; the ingress gateway istioctl assumes for files lives in istio-system), else — no pod
 * selected — in the Gateway's namespace and istio-system.
 */
export function gatewayCredentials(ctx: RuleContext, gw: K8sObject): CredentialRef[] {
  const { index } = ctx;
  const { defaultNamespace } = ctx.settings;
  const servers = seqItemsAt(gw.node, ['spec', 'servers']);
  const refs = servers.flatMap((s) => {
    const node = nodeAt(s as Node, ['tls', 'credentialName']);
    const name = stringAt(s as Node, ['tls', 'credentialName']) ?? '';
    const span = nodeSpan(node);
    return name !== '' && span ? [{ name, span }] : [];
  });
  if (refs.length === 0) {
    return [];
  }
  const { pods, assumed } = selectedGatewayWorkloads(ctx, gw);
  const podNs = pods[0] ? effectiveNamespace(pods[0].object, defaultNamespace) : assumed?.namespace;
  const namespaces = podNs ? [podNs] : [...new Set([effectiveNamespace(gw, defaultNamespace), DEFAULT_GATEWAY_NAMESPACE])];
  const secrets = index.ofKind('Secret').filter((s) => s.apiVersion === 'v1');
  return refs.map((r) => {
    const candidates = namespaces.map((ns) => shortOrFullName(ns, r.name));
    const secret = secrets.find((s) =>
      candidates.some((c) => c.name === s.name && c.namespace === effectiveNamespace(s, defaultNamespace)),
    );
    return { ...r, namespaces: [...new Set(candidates.map((c) => c.namespace))], secret, podNamespace: podNs };
  });
}

/** Why a TLS Secret cannot serve as a gateway credential, or undefined when it can. `now` in ms since the epoch. */
export function credentialProblem(secret: K8sObject, now: number): string | undefined {
  const data = stringRecord(mapAt(secret.node, ['data'])) ?? {};
  const plain = stringRecord(mapAt(secret.node, ['stringData'])) ?? {};
  const read = (key: string): string | undefined => {
    if (plain[key] !== undefined) {
      return plain[key];
    }
    const b64 = data[key];
    const bytes = b64 === undefined ? undefined : decodeBase64(b64);
    return bytes ? new TextDecoder().decode(bytes) : b64 === undefined ? undefined : '';
  };
  const [certKey, keyKey] = read('tls.crt') !== undefined || read('tls.key') !== undefined ? ['tls.crt', 'tls.key'] : ['cert', 'key'];
  const cert = read(certKey);
  const key = read(keyKey);
  if (cert === undefined || key === undefined) {
    const keys = Object.keys({ ...data, ...plain });
    return `it needs the keys tls.crt and tls.key (or cert and key); it has ${keys.join(', ') || 'none'}`;
  }
  const certs = pemBlocks(cert, /^CERTIFICATE$/);
  const validity = certs[0] ? certificateValidity(certs[0]) : undefined;
  if (!validity) {
    return `its ${certKey} is not a PEM certificate`;
  }
  if (pemBlocks(key, /PRIVATE KEY$/).length === 0) {
    return `its ${keyKey} is not a PEM private key`;
  }
  if (validity.notAfter < now) {
    return `its certificate expired on ${new Date(validity.notAfter).toISOString().slice(0, 10)}`;
  }
  if (validity.notBefore > now) {
    return `its certificate is not valid before ${new Date(validity.notBefore).toISOString().slice(0, 10)}`;
  }
  return undefined;
}
