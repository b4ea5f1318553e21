/**
 * Istio's protobuf messages (MeshConfig, ProxyConfig and what they hold) as a Go template sees them: Go field names
 * over the protojson form, proto getters (`GetTracing`) that work on nil messages, enums with `String`, wrappers
 * (`BoolValue`) with `Value`/`GetValue`, durations, and zero values for fields that are not set.
 */
import { isRec } from '../../plainData';
import type { Rec } from '../../plainData';
import { GO_OBJECT, stringMap, type GoObject, type Lookup } from '../../gotemplate';
import { goJson } from '../goEncoding';
import { genericValue, UNKNOWN_ZERO } from './k8sView';

/**
 * Fields per message, `jsonName:type`: `s` string, `i` integer, `f` double, `b` bool, `m` map<string,string>,
 * `[T]` repeated, `e(A,B,...)` an enum (names in number order), `any` a message of unknown shape, or a message name.
 */
const MESSAGES: Record<string, string> = {
  ProxyConfig:
    'configPath:s binaryPath:s serviceCluster:s drainDuration:Duration parentShutdownDuration:Duration ' +
    'discoveryAddress:s discoveryRefreshDelay:Duration zipkinAddress:s statsdUdpAddress:s ' +
    'envoyMetricsServiceAddress:s proxyAdminPort:i availabilityZone:s ' +
    'controlPlaneAuthPolicy:e(NONE,MUTUAL_TLS,INHERIT) customConfigFile:s statNameLength:i concurrency:Int32Value ' +
    'proxyBootstrapTemplatePath:s interceptionMode:e(REDIRECT,TPROXY,NONE) tracing:Tracing sds:any ' +
    'envoyAccessLogService:RemoteService envoyMetricsService:RemoteService proxyMetadata:m runtimeValues:m ' +
    'statusPort:i extraStatTags:[s] gatewayTopology:Topology terminationDrainDuration:Duration meshId:s ' +
    'readinessProbe:any proxyStatsMatcher:any holdApplicationUntilProxyStarts:BoolValue caCertificatesPem:[s] ' +
    'image:ProxyImage privateKeyProvider:any proxyHeaders:any fileFlushInterval:Duration ' +
    'fileFlushMinSizeKb:UInt32Value tracingServiceName:e(APP_LABEL_AND_NAMESPACE,CANONICAL_NAME_ONLY,CANONICAL_NAME_AND_NAMESPACE)',
  Tracing:
    'zipkin:any lightstep:any datadog:any stackdriver:any openCensusAgent:any customTags:any maxPathTagLength:i ' +
    'sampling:f tlsSettings:ClientTLSSettings',
  ClientTLSSettings:
    'mode:e(DISABLE,SIMPLE,MUTUAL,ISTIO_MUTUAL) clientCertificate:s privateKey:s caCertificates:s credentialName:s ' +
    'subjectAltNames:[s] sni:s insecureSkipVerify:BoolValue caCrl:s',
  RemoteService: 'address:s tlsSettings:ClientTLSSettings tcpKeepalive:any',
  Topology: 'numTrustedProxies:i forwardClientCertDetails:i proxyProtocol:any',
  ProxyImage: 'imageType:s',
  BoolValue: 'value:b',
  Int32Value: 'value:i',
  UInt32Value: 'value:i',
  Duration: 'seconds:i nanos:i',
  MeshConfig:
    'proxyListenPort:i proxyInboundListenPort:i proxyHttpPort:i connectTimeout:Duration ' +
    'protocolDetectionTimeout:Duration tcpKeepalive:any ingressClass:s ingressService:s ' +
    'ingressControllerMode:e(UNSPECIFIED,OFF,DEFAULT,STRICT) ingressSelector:s enableTracing:b accessLogFile:s ' +
    'accessLogFormat:s accessLogEncoding:e(TEXT,JSON) enableEnvoyAccessLogService:b disableEnvoyListenerLog:b ' +
    'defaultConfig:ProxyConfig outboundTrafficPolicy:any inboundTrafficPolicy:InboundTrafficPolicy ' +
    'configSources:[any] enableAutoMtls:BoolValue trustDomain:s trustDomainAliases:[s] ' +
    'defaultServiceExportTo:[s] defaultVirtualServiceExportTo:[s] defaultDestinationRuleExportTo:[s] ' +
    'rootNamespace:s localityLbSetting:any dnsRefreshRate:Duration h2UpgradePolicy:e(DO_NOT_UPGRADE,UPGRADE) ' +
    'inboundClusterStatName:s outboundClusterStatName:s certificates:[any] serviceSettings:[any] ' +
    'enablePrometheusMerge:BoolValue verifyCertificateAtClient:BoolValue ca:any extensionProviders:[any] ' +
    'defaultProviders:any discoverySelectors:[any] pathNormalization:any defaultHttpRetryPolicy:any meshMTLS:any ' +
    'tlsDefaults:any sdsUdsPath:s enableSdsTokenMount:b',
  InboundTrafficPolicy: 'mode:e(PASSTHROUGH,LOCALHOST)',
};

interface FieldSpec {
  readonly json: string;
  readonly type: string;
}

const FIELDS: ReadonlyMap<string, readonly FieldSpec[]> = new Map(
  Object.entries(MESSAGES).map(([message, spec]) => [
    message,
    spec.split(/\s+/).map((f) => {
      const i = f.indexOf(':');
      return { json: f.slice(0, i), type: f.slice(i + 1) };
    }),
  ]),
);

function fieldsOf(message: string): readonly FieldSpec[] | undefined {
  return FIELDS.get(message);
}

/** A proto Duration from protojson (`"45s"`, `"1.5s"`) or `{seconds, nanos}`. */
export function durationParts(json: unknown): { seconds: bigint; nanos: bigint } | undefined {
  if (typeof json === 'string') {
    const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(json.trim());
    if (!m) {
      return undefined;
    }
    const sign = m[1] ? -1n : 1n;
    return { seconds: sign * BigInt(m[2] as string), nanos: sign * BigInt((m[3] ?? '').padEnd(9, '0') || '0') };
  }
  if (isRec(json)) {
    const s = json['seconds'];
    const n = json['nanos'];
    return {
      seconds: BigInt(typeof s === 'number' || typeof s === 'string' ? Math.trunc(Number(s)) : 0),
      nanos: BigInt(typeof n === 'number' ? Math.trunc(n) : 0),
    };
  }
  return undefined;
}

class ProtoEnum implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly isNil = false;

  constructor(
    readonly goType: string,
    private readonly name: string,
    /** The enum's number: Go compares and tests an enum as the int32 it is. */
    readonly basic: bigint,
  ) {}

  lookup(name: string): Lookup | undefined {
    return name === 'String' ? { kind: 'method', call: () => this.name } : undefined;
  }

  format(): string {
    return this.name;
  }

  toJSON(): unknown {
    return this.name;
  }
}

function enumValue(json: unknown, type: string, owner: string, field: string): ProtoEnum {
  const names = type.slice(2, -1).split(',');
  let name = names[0] as string;
  let num = 0n;
  if (typeof json === 'string' && json !== '') {
    name = json;
    num = BigInt(Math.max(0, names.indexOf(json)));
  } else if (typeof json === 'number' && Number.isInteger(json)) {
    name = names[json] ?? String(json);
    num = BigInt(json);
  }
  return new ProtoEnum(`v1alpha1.${owner}_${field[0]?.toUpperCase()}${field.slice(1)}`, name, num);
}

function fieldValue(json: unknown, type: string, owner: string, field: string): unknown {
  const absent = json === undefined || json === null;
  switch (type) {
    case 's':
      return absent ? '' : String(json);
    case 'i':
      return absent ? 0n : BigInt(Math.trunc(Number(json)) || 0);
    case 'f':
      return absent ? 0 : Number(json);
    case 'b':
      return absent ? false : json === true;
    case 'm': {
      const entries: Record<string, string> = {};
      if (isRec(json)) {
        for (const [k, v] of Object.entries(json)) {
          entries[k] = String(v);
        }
      }
      return stringMap(entries);
    }
    case 'any':
      return absent ? null : genericValue(json, 'structpb.Struct');
    default:
      break;
  }
  if (type.startsWith('e(')) {
    return enumValue(json, type, owner, field);
  }
  if (type.startsWith('[')) {
    const inner = type.slice(1, -1);
    return Array.isArray(json) ? json.map((x) => fieldValue(x, inner, owner, field)) : [];
  }
  return protoMessage(type, absent ? undefined : json);
}

/** The Go view of proto message `message` (nil when `json` is undefined). */
export function protoMessage(message: string, json: unknown): GoObject {
  if (message === 'Duration') {
    return new ProtoDuration(json);
  }
  if (message.endsWith('Value') && json !== undefined && !isRec(json)) {
    // protojson writes wrappers as their bare value.
    return new ProtoMessageView(message, { value: json }, false, json);
  }
  return new ProtoMessageView(message, isRec(json) ? json : {}, json === undefined, json);
}

class ProtoMessageView implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly goType: string;
  private readonly cache = new Map<string, unknown>();

  constructor(
    private readonly message: string,
    private readonly json: Rec,
    readonly isNil: boolean,
    private readonly original: unknown,
  ) {
    this.goType = `*${message.endsWith('Value') ? 'wrapperspb' : 'v1alpha1'}.${message}`;
  }

  private field(goName: string): { value: unknown } {
    if (this.cache.has(goName)) {
      return { value: this.cache.get(goName) };
    }
    const lower = goName.toLowerCase();
    const spec = fieldsOf(this.message)?.find((f) => f.json.toLowerCase() === lower);
    let value: unknown;
    if (spec) {
      value = fieldValue(this.json[spec.json], spec.type, this.message, spec.json);
    } else {
      const key = Object.keys(this.json).find((k) => k.toLowerCase() === lower);
      value = key === undefined ? UNKNOWN_ZERO : genericValue(this.json[key]);
    }
    this.cache.set(goName, value);
    return { value };
  }

  lookup(name: string): Lookup | undefined {
    if (name === 'String') {
      return { kind: 'method', call: () => this.format() };
    }
    const getter = name.length > 3 && name.startsWith('Get') ? name.slice(3) : undefined;
    if (getter !== undefined && this.knows(getter)) {
      // Proto getters return the zero value on a nil message instead of failing.
      return { kind: 'method', call: () => this.field(getter).value };
    }
    return { kind: 'field', value: this.field(name).value };
  }

  private knows(goName: string): boolean {
    const lower = goName.toLowerCase();
    return (
      fieldsOf(this.message)?.some((f) => f.json.toLowerCase() === lower) === true ||
      Object.keys(this.json).some((k) => k.toLowerCase() === lower)
    );
  }

  format(): string {
    return this.isNil ? '<nil>' : goJson(this.toJSON());
  }

  toJSON(): unknown {
    return this.isNil ? null : this.original;
  }
}

class ProtoDuration implements GoObject {
  readonly [GO_OBJECT] = true as const;
  readonly goType = '*durationpb.Duration';
  readonly isNil: boolean;
  private readonly parts: { seconds: bigint; nanos: bigint };

  constructor(private readonly json: unknown) {
    const parts = json === undefined || json === null ? undefined : durationParts(json);
    this.isNil = parts === undefined;
    this.parts = parts ?? { seconds: 0n, nanos: 0n };
  }

  get seconds(): bigint {
    return this.parts.seconds;
  }

  get nanos(): bigint {
    return this.parts.nanos;
  }

  lookup(name: string): Lookup | undefined {
    switch (name) {
      case 'Seconds':
        return { kind: 'field', value: this.parts.seconds };
      case 'Nanos':
        return { kind: 'field', value: this.parts.nanos };
      case 'GetSeconds':
        return { kind: 'method', call: () => this.parts.seconds };
      case 'GetNanos':
        return { kind: 'method', call: () => this.parts.nanos };
      case 'String':
        return { kind: 'method', call: () => this.format() };
      default:
        return undefined;
    }
  }

  format(): string {
    return this.isNil ? '<nil>' : `seconds:${this.parts.seconds}${this.parts.nanos !== 0n ? ` nanos:${this.parts.nanos}` : ''}`;
  }

  toJSON(): unknown {
    return this.isNil ? null : this.json;
  }
}

export function isProtoDuration(v: unknown): v is ProtoDuration {
  return v instanceof ProtoDuration;
}
