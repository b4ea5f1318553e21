/**
 * What istiod gives an injection template as dot (pkg/kube/inject SidecarTemplateData): the pod's TypeMeta,
 * DeploymentMeta, ObjectMeta and Spec as `k8s.io/api` structs, ProxyConfig and MeshConfig as proto messages,
 * Values as decoded JSON (numbers are float64), and the scalars istiod computes.
 */
import { GO_OBJECT, type GoObject, type Lookup } from '../../gotemplate';
import type { TemplateData } from '../builtin/templateData';
import { k8sStruct } from './k8sView';
import { protoMessage } from './protoView';

type Rec = Record<string, unknown>;

/** A Go struct with fixed fields (a `Get<Field>` method for each, as the generated types have). */
class PlainStruct implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly isNil = false;

  constructor(
    readonly goType: string,
    private readonly fields: Readonly<Record<string, unknown>>,
    private readonly json: () => unknown,
  ) {}

  lookup(name: string): Lookup | undefined {
    if (Object.prototype.hasOwnProperty.call(this.fields, name)) {
      return { kind: 'field', value: this.fields[name] };
    }
    const getter = name.startsWith('Get') ? name.slice(3) : undefined;
    if (getter !== undefined && Object.prototype.hasOwnProperty.call(this.fields, getter)) {
      return { kind: 'method', call: () => this.fields[getter] };
    }
    return undefined;
  }

  format(): string {
    return `{${Object.values(this.fields)
      .map((v) => (typeof v === 'string' ? v : String(v)))
      .join(' ')}}`;
  }

  toJSON(): unknown {
    return this.json();
  }
}

/** `.InboundTrafficPolicyMode`: what the template compares with "localhost". */
function inboundTrafficPolicyMode(mesh: Rec): string {
  const policy = mesh['inboundTrafficPolicy'];
  const mode = typeof policy === 'object' && policy !== null ? (policy as Rec)['mode'] : undefined;
  return mode === 'LOCALHOST' || mode === 1 ? 'localhost' : 'passthrough';
}

export interface TemplateEnv {
  /** `.CompliancePolicy` (istiod's COMPLIANCE_POLICY). */
  readonly compliancePolicy: string;
}

/** Dot for an injection template. */
export function sidecarTemplateData(d: TemplateData, env: TemplateEnv): GoObject {
  const flavor = d.flavor;
  const typeMeta = new PlainStruct(
    'v1.TypeMeta',
    { Kind: d.typeMeta.kind, APIVersion: d.typeMeta.apiVersion },
    () => ({ ...(d.typeMeta.kind ? { kind: d.typeMeta.kind } : {}), ...(d.typeMeta.apiVersion ? { apiVersion: d.typeMeta.apiVersion } : {}) }),
  );
  const deployMeta = new PlainStruct(
    'types.NamespacedName',
    { Name: d.deployMeta.name, Namespace: d.deployMeta.namespace },
    () => ({ Namespace: d.deployMeta.namespace, Name: d.deployMeta.name }),
  );
  const meta: Rec = { ...d.meta, labels: d.labels, annotations: d.annotations };
  const fields: Record<string, unknown> = {
    TypeMeta: typeMeta,
    DeploymentMeta: deployMeta,
    ObjectMeta: k8sStruct(meta, 'ObjectMeta', flavor),
    Spec: k8sStruct(d.spec, 'PodSpec', flavor),
    ProxyConfig: protoMessage('ProxyConfig', d.proxyConfig),
    MeshConfig: protoMessage('MeshConfig', d.mesh),
    Values: d.values,
    Revision: d.revision,
    NativeSidecars: d.nativeSidecars,
    ProxyImage: d.proxyImage,
    ProxyUID: BigInt(d.proxyUID),
    ProxyGID: BigInt(d.proxyGID),
    InboundTrafficPolicyMode: inboundTrafficPolicyMode(d.mesh),
    CompliancePolicy: env.compliancePolicy,
  };
  return new PlainStruct('*inject.SidecarTemplateData', fields, () => null);
}
