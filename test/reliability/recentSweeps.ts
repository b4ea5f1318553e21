/**
 * Bad input for the features added after the corpus was written, run in the core worker under its watchdog:
 * - `istioEditorSweep`: hover, completion, go to definition and route lenses at every offset of mutated
 *   VirtualServices, DestinationRules, Gateways and ServiceEntries (the workspace they resolve against is mutated too);
 * - `hostileCrdSweep`: `istio-schema-valid` with hostile CRDs in the workspace (deep, `$ref`, huge enums, bad or
 *   backtracking patterns, int-or-string everywhere, versions not a list, alias bombs);
 * - `listEditSweep`: random edits inside, at and between the items of `kind: List` documents through
 *   `MeshService.setFile`/`validate`, whose findings must equal a fresh service's on the same text.
 * Each returns the failures as lines; an exception is a failure, never propagated.
 */
import { completionsAt } from '../../server/src/core/editorHelp/completion';
import { hoverAt } from '../../server/src/core/editorHelp/hover';
import { istioDefinitionAt } from '../../server/src/core/editorHelp/istioDefinition';
import { routeLenses } from '../../server/src/core/editorHelp/routeLens';
import { MutableWorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import { MeshService } from '../../server/src/core/service';
import type { Finding } from '../../server/src/core/service';
import { normalizeSettings } from '../../server/src/core/settings';
import { prng, Rand } from './fuzz';
import type { FuzzCase } from './fuzz';

export type SweepName = 'istio-editor' | 'hostile-crds' | 'list-edits';

export interface SweepSummary {
  /** How many inputs ran (so a test can say none was skipped). */
  readonly inputs: number;
  /** How many operations ran, for the same reason. */
  readonly operations: number;
  readonly failures: readonly string[];
  /** Worth a look but not a failure: findings whose message is longer than a screen. */
  readonly notes?: readonly string[];
}

export interface SweepOptions {
  readonly seed: number;
  readonly cases: number;
  readonly progress?: (c: FuzzCase) => void;
}

function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 4).join(' | ') : String(e);
}

const inside = (s: { start: number; end: number } | undefined, len: number): boolean =>
  s !== undefined && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= len;

// ---------------------------------------------------------------------------------------------------------------------
// 1. Editor help on Istio resources

const ISTIO_BASE = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}, {name: grpc, port: 9090}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts: [reviews, "*.example.com"]
  gateways: [istio-system/public, mesh, bookinfo-gateway]
  http:
    - match: [{uri: {prefix: /v2}}]
      mirror: {host: ratings.shop.svc.cluster.local, port: {number: 9080}}
      route:
        - destination: {host: reviews, subset: v1, port: {number: 9080}}
          weight: 80
        - destination:
            host: reviews.default.svc.cluster.local
            subset: v2
          weight: 20
    - route:
        - destination: {host: api.example.com}
  tcp:
    - route: [{destination: {host: reviews, port: {number: 9090}}, weight: 100}]
  tls:
    - match: [{sniHosts: [api.example.com]}]
      route: [{destination: {host: api.example.com, subset: v9}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets:
    - name: v1
      labels: {version: v1}
    - name: v2
      labels:
        version: v2
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, protocol: HTTP, name: http}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: external-api, namespace: default}
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: DNS
`;

/** The other file of the workspace: pods, a Service in another namespace, a Gateway in istio-system. */
const ISTIO_OTHER = `apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: default}
spec:
  template:
    metadata:
      labels: {app: reviews, version: v1}
---
apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: shop}
spec:
  selector: {app: ratings}
  ports: [{name: http, port: 9080}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 443, protocol: HTTPS, name: https}, hosts: ["*/*"]}]
`;

/** Hand-written shapes the mutations are unlikely to hit: each replaces its first string in the base. */
const ISTIO_VARIANTS: readonly (readonly [string, string])[] = [
  ['hosts: [reviews, "*.example.com"]', 'hosts: {reviews: 1}'],
  ['hosts: [reviews, "*.example.com"]', 'hosts: [42, 1.5e400, null, true, [a], {b: c}]'],
  ['{host: reviews, subset: v1, port: {number: 9080}}', '{host: 9080, subset: [v1], port: {number: reviews}}'],
  ['{host: reviews, subset: v1, port: {number: 9080}}', '{host: {a: b}, subset: {v1: 1}, port: [9080]}'],
  ['{host: reviews, subset: v1, port: {number: 9080}}', '&d {host: reviews, subset: v1}\n          weight: 1\n        - destination: *d'],
  ['weight: 80', 'weight: 99999999999999999999999999'],
  ['weight: 80', 'weight: -1e400'],
  ['weight: 80', 'weight: [80]'],
  ['weight: 20', 'weight: .nan'],
  ['weight: 80', 'weight: 80\n          weight: 81'],
  ['host: reviews\n  subsets:', 'host: reviews\n  host: ratings\n  subsets:'],
  ['host: reviews\n  subsets:', 'host: [reviews]\n  subsets:'],
  ['host: reviews\n  subsets:', 'host: 12\n  subsets: {v1: {labels: x}}'],
  ['    - name: v1\n      labels: {version: v1}', '    - name: 1\n      labels: [version, v1]'],
  ['    - name: v1\n      labels: {version: v1}', '    - name: {a: b}\n      labels: *nowhere'],
  ['http:\n    - match', 'http: {route: x}\n  httpx:\n    - match'],
  ['    - route:\n        - destination: {host: api.example.com}', '    - route: {destination: {host: api.example.com}}'],
  ['    - route:\n        - destination: {host: api.example.com}', '    - route: 12'],
  ['    - route:\n        - destination: {host: api.example.com}', '    - route:\n        - destination: [host, api.example.com]'],
  ['    - route:\n        - destination: {host: api.example.com}', '    - route:\n        - destination:\n          host: api.example.com'],
  ['gateways: [istio-system/public, mesh, bookinfo-gateway]', 'gateways: [/, //, istio-system/, /public, 7, {a: b}]'],
  ['gateways: [istio-system/public, mesh, bookinfo-gateway]', 'gateways: istio-system/public'],
  ['hosts: [api.example.com]\n  ports', 'hosts: api.example.com\n  ports'],
  ['hosts: [api.example.com]\n  ports', 'hosts: [{a: 1}, 443]\n  ports'],
  ['ports: [{number: 443, name: https, protocol: HTTPS}]', 'ports: {number: 443}'],
  ['servers: [{port: {number: 80, protocol: HTTP, name: http}, hosts: ["*"]}]', 'servers: [{port: 80, hosts: "*"}, 7, [x]]'],
  ['servers: [{port: {number: 80, protocol: HTTP, name: http}, hosts: ["*"]}]', 'servers: {port: {number: 80}}'],
  ['spec:\n  hosts: [reviews', 'spec: &s\n  hosts: [reviews'],
  ['kind: VirtualService\nmetadata:\n  name: reviews', 'kind: VirtualService\nmetadata:\n  name: [reviews]'],
  ['kind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default', 'kind: VirtualService\nmetadata:\n  name: reviews\n  namespace: {a: b}'],
  ['kind: VirtualService', 'kind: [VirtualService]'],
  ['kind: VirtualService', 'kind: VirtualService\nkind: DestinationRule'],
  ['\n---\n', '\n--- |\n  text\n---\n'],
  ['apiVersion: networking.istio.io/v1\nkind: VirtualService', '{apiVersion: networking.istio.io/v1, kind: VirtualService, spec: {hosts: [a], http: [{route: [{destination: {host: reviews}, weight: 1e999}]}]}}\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService'],
];

/** A text mutation: truncation, a deleted/duplicated line, a value or an indentation change, a byte of noise. */
function mutate(text: string, r: Rand): { text: string; what: string } {
  const lines = text.split('\n');
  const at = r.int(lines.length);
  switch (r.int(8)) {
    case 0: {
      const cut = r.int(text.length);
      return { text: text.slice(0, cut), what: `truncated at ${cut}` };
    }
    case 1:
      lines.splice(at, 1);
      return { text: lines.join('\n'), what: `line ${at} deleted` };
    case 2:
      lines.splice(at, 0, lines[at] ?? '');
      return { text: lines.join('\n'), what: `line ${at} duplicated` };
    case 3: {
      const v = r.pick(['42', '-1', '1e400', '[a, b]', '{a: 1}', '*nowhere', '&x y', 'null', '""', '"\\u0000"', "'", '[', '{', ': ', 'x'.repeat(5000)]);
      lines[at] = (lines[at] ?? '').replace(/: .*$/, `: ${v}`);
      return { text: lines.join('\n'), what: `line ${at} value ${v.slice(0, 20)}` };
    }
    case 4: {
      const d = r.pick([-4, -2, -1, 1, 2, 4]);
      lines[at] = d > 0 ? ' '.repeat(d) + (lines[at] ?? '') : (lines[at] ?? '').slice(-d);
      return { text: lines.join('\n'), what: `line ${at} indented ${d}` };
    }
    case 5: {
      const pos = r.int(text.length);
      const noise = r.pick(['\t', '\r\n', '\ufeff', '#', '-', ',', ']', '}', '&', '*', '!', '|', '>', '%', '@', '\u0000', '\ud800']);
      return { text: text.slice(0, pos) + noise + text.slice(pos), what: `noise ${JSON.stringify(noise)} at ${pos}` };
    }
    case 6:
      lines[at] = (lines[at] ?? '').replace('- ', '  ');
      return { text: lines.join('\n'), what: `line ${at} "- " removed` };
    default: {
      const [from, to] = r.pick(ISTIO_VARIANTS);
      return { text: text.replace(from, to), what: `variant ${from.slice(0, 30)}` };
    }
  }
}

function checkEditorHelp(text: string, other: string, what: string, failures: string[]): number {
  const index = new MutableWorkspaceIndex();
  const otherUri = 'file:///other.yaml';
  const uri = 'file:///edited.yaml';
  const lengths = new Map<string, number>([
    [otherUri, other.length],
    [uri, text.length],
  ]);
  let ops = 0;
  const fail = (op: string, problem: string): void => {
    failures.push(`${what}: ${op}: ${problem}`);
  };
  let entry;
  try {
    index.set(otherUri, other);
    entry = index.set(uri, text);
  } catch (e) {
    fail('index.set', describeError(e));
    return 1;
  }
  const ws = { index, defaultNamespace: 'default' };
  try {
    ops++;
    for (const l of routeLenses(entry, 'default')) {
      if (!inside(l.span, text.length) || l.title.trim() === '') {
        fail('routeLenses', `malformed lens ${JSON.stringify(l).slice(0, 200)}`);
      }
    }
  } catch (e) {
    fail('routeLenses', describeError(e));
  }
  for (let offset = 0; offset <= text.length; offset++) {
    const at = `offset ${offset}`;
    ops += 3;
    try {
      const h = hoverAt(entry, offset, 'native', ws);
      if (h && (!inside(h.span, text.length) || h.markdown.trim() === '')) {
        fail(`hover ${at}`, `malformed ${JSON.stringify(h).slice(0, 200)}`);
      }
    } catch (e) {
      fail(`hover ${at}`, describeError(e));
    }
    try {
      for (const c of completionsAt(entry, offset, 'native', ws)) {
        if (!inside(c.span, text.length) || c.label === '' || typeof c.insertText !== 'string') {
          fail(`completion ${at}`, `malformed ${JSON.stringify(c).slice(0, 200)}`);
          break;
        }
      }
    } catch (e) {
      fail(`completion ${at}`, describeError(e));
    }
    try {
      for (const t of istioDefinitionAt(entry, offset, ws)) {
        const len = lengths.get(t.uri);
        if (len === undefined || !inside(t.span, len)) {
          fail(`definition ${at}`, `malformed ${JSON.stringify(t).slice(0, 200)}`);
        }
      }
    } catch (e) {
      fail(`definition ${at}`, describeError(e));
    }
    if (failures.length > 20) {
      break;
    }
  }
  return ops;
}

export function istioEditorSweep(o: SweepOptions): SweepSummary {
  const r = new Rand(prng(o.seed));
  const failures: string[] = [];
  let operations = 0;
  let inputs = 0;
  const run = (text: string, other: string, what: string): void => {
    o.progress?.({ index: inputs, description: what });
    inputs++;
    operations += checkEditorHelp(text, other, what, failures);
  };
  run(ISTIO_BASE, ISTIO_OTHER, 'base');
  for (const [from, to] of ISTIO_VARIANTS) {
    run(ISTIO_BASE.replace(from, to), ISTIO_OTHER, `variant ${JSON.stringify(to.slice(0, 40))}`);
  }
  run(ISTIO_BASE.replace(/\n/g, '\r\n'), ISTIO_OTHER, 'CRLF');
  run(`\ufeff${ISTIO_BASE}`, ISTIO_OTHER, 'BOM');
  for (let i = 0; i < o.cases && failures.length <= 20; i++) {
    let text = ISTIO_BASE;
    let other = ISTIO_OTHER;
    const whats: string[] = [];
    for (let k = 1 + r.int(3); k > 0; k--) {
      if (r.int(4) === 0) {
        const m = mutate(other, r);
        other = m.text;
        whats.push(`other: ${m.what}`);
      } else {
        const m = mutate(text, r);
        text = m.text;
        whats.push(m.what);
      }
    }
    run(text, other, `case ${i} (seed ${o.seed}): ${whats.join('; ')}`);
  }
  return { inputs, operations, failures };
}

// ---------------------------------------------------------------------------------------------------------------------
// 2. Hostile CRDs for istio-schema-valid

const crd = (versions: string, extra = ''): string =>
  `${extra}apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: virtualservices.networking.istio.io\n` +
  `spec:\n  group: networking.istio.io\n  names: {kind: VirtualService, plural: virtualservices}\n  scope: Namespaced\n  versions:${versions}`;

/** One served version whose openAPIV3Schema is `schema` (JSON, so any depth fits on a line). */
const withSchema = (schema: unknown, version = 'v1'): string =>
  crd(`\n    - name: ${version}\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema: ${JSON.stringify(schema)}\n`);

const VS_OBJECT = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews, 42, {a: b}]
  gateways: mesh
  http:
    - route:
        - destination: {host: reviews, port: {number: "80"}}
          weight: 1e400
      timeout: [1s]
  a: {b: {c: {d: {e: [1, [2, [3, [4]]]]}}}}
`;

function nested(depth: number, leaf: unknown): unknown {
  let s: unknown = leaf;
  for (let i = 0; i < depth; i++) {
    s = { type: 'object', properties: { a: s } };
  }
  return s;
}

function deepObject(depth: number): string {
  let s = '1';
  for (let i = 0; i < depth; i++) {
    s = `{a: ${s}}`;
  }
  return VS_OBJECT.replace('  a: {b:', `  a: ${s}\n  z: {b:`);
}

function aliasBomb(prefix: string): string {
  let s = `${prefix}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
  for (let i = 1; i < 10; i++) {
    s += `${prefix}l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
  }
  return s;
}

const everywhere = (depth: number): unknown => {
  let s: unknown = { 'x-kubernetes-int-or-string': true };
  for (let i = 0; i < depth; i++) {
    s = {
      'x-kubernetes-int-or-string': true,
      type: 'object',
      properties: { spec: s, hosts: s, http: s },
      additionalProperties: s,
      items: s,
    };
  }
  return s;
};

/** [name, CRD text, object text]. */
function hostileCrds(): (readonly [string, string, string])[] {
  const spec = (props: unknown): unknown => ({ type: 'object', properties: { spec: props } });
  const hugeEnum = Array.from({ length: 200_000 }, (_, i) => `v${i}`);
  const out: (readonly [string, string, string])[] = [
    ['nested 300 levels (past the read depth)', withSchema(nested(300, { type: 'string' })), VS_OBJECT],
    ['nested 100 levels, object 100 deep', withSchema(nested(100, { type: 'integer' })), deepObject(100)],
    ['nested 40 levels, object 3000 deep', withSchema(nested(40, { type: 'integer' })), deepObject(3000)],
    ['$ref to itself', withSchema({ $ref: '#', type: 'object', properties: { spec: { $ref: '#' }, a: { $ref: '#/properties/spec' } } }), VS_OBJECT],
    ['$ref and definitions', withSchema({ definitions: { a: { $ref: '#/definitions/a' } }, properties: { spec: { $ref: '#/definitions/a' } } }), VS_OBJECT],
    ['enum of 200,000', withSchema(spec({ type: 'object', properties: { hosts: { type: 'array', items: { type: 'string', enum: hugeEnum } }, gateways: { enum: hugeEnum } } })), VS_OBJECT],
    ['enum of objects and nulls', withSchema(spec({ enum: [null, { a: [1] }, [[]], 1e400] })), VS_OBJECT],
    ['enum not a list', withSchema(spec({ type: 'object', enum: { a: 1 } })), VS_OBJECT],
    ['invalid patterns', withSchema(spec({ type: 'object', properties: { hosts: { items: { pattern: '([' } }, gateways: { pattern: '(?<=a)\\1' } } })), VS_OBJECT],
    ['backtracking pattern', withSchema(spec({ type: 'object', properties: { gateways: { type: 'string', pattern: '^(a+)+$' } } })), VS_OBJECT.replace('gateways: mesh', `gateways: ${'a'.repeat(40)}!`)],
    ['huge pattern', withSchema(spec({ type: 'object', properties: { gateways: { type: 'string', pattern: `^(${Array.from({ length: 20_000 }, (_, i) => `h${i}`).join('|')})$` } } })), VS_OBJECT],
    ['pattern not a string', withSchema(spec({ type: 'object', properties: { gateways: { pattern: { a: 1 } }, hosts: { pattern: 42 } } })), VS_OBJECT],
    ['int-or-string everywhere', withSchema(everywhere(5)), VS_OBJECT],
    ['types of every wrong kind', withSchema(spec({ type: ['string', 'object'], properties: [1, 2], required: { a: 1 }, items: [{ type: 'string' }], maxLength: 'x', minimum: '1e400', maximum: null, multipleOf: 0, minItems: -1, maxItems: 1e400, format: 'date-time', additionalProperties: 'yes', 'x-kubernetes-preserve-unknown-fields': 'true' })), VS_OBJECT],
    ['schema a scalar', withSchema(42), VS_OBJECT],
    ['schema a list', withSchema([{ type: 'object' }]), VS_OBJECT],
    ['properties null', withSchema({ type: 'object', properties: null, required: ['spec', 'status', 42] }), VS_OBJECT],
    ['required of 100,000', withSchema(spec({ type: 'object', required: Array.from({ length: 100_000 }, (_, i) => `f${i}`) })), VS_OBJECT],
    ['20,000 properties', withSchema(spec({ type: 'object', properties: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, { type: 'string' }])) })), VS_OBJECT.replace('  a: {b:', '  f1: 1\n  fx: 2\n  a: {b:')],
    ['versions a map', crd(' {v1: {served: true, schema: {openAPIV3Schema: {type: object}}}}\n'), VS_OBJECT],
    ['versions a string', crd(' v1\n'), VS_OBJECT],
    ['versions null', crd(' null\n'), VS_OBJECT],
    ['versions of scalars and lists', crd(' [1, v1, [v1], null, {name: [v1]}, {name: v1, schema: [1]}, {name: v1, schema: {openAPIV3Schema: x}}]\n'), VS_OBJECT],
    ['duplicate versions', crd(`\n    - {name: v1, served: true, schema: {openAPIV3Schema: {type: object, properties: {spec: {type: string}}}}}\n    - {name: v1, served: true, schema: {openAPIV3Schema: {type: string}}}\n`), VS_OBJECT],
    ['a version named 42', crd('\n    - {name: 42, served: true, schema: {openAPIV3Schema: {type: object}}}\n'), VS_OBJECT.replace('networking.istio.io/v1', 'networking.istio.io/42')],
    ['v1beta1 validation', `apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec:\n  group: networking.istio.io\n  names: {kind: VirtualService}\n  version: v1\n  validation: {openAPIV3Schema: {type: object, properties: {spec: {type: array}}}}\n`, VS_OBJECT],
    ['group and kind wrong types', crd('\n    - {name: v1, schema: {openAPIV3Schema: {type: object}}}\n').replace('group: networking.istio.io', 'group: [networking.istio.io]').replace('kind: VirtualService,', 'kind: {a: 1},'), VS_OBJECT],
    ['alias bomb in the CRD', `${crd(`\n    - name: v1\n      served: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          x-bomb: *l9\n          properties:\n            spec: {type: object, properties: {hosts: {type: array, items: {enum: *l9}}}}\n`, '')}`.replace('spec:\n  group', `spec:\n${aliasBomb('  ')}  group`), VS_OBJECT],
    ['alias bomb in the object', withSchema(spec({ type: 'object', properties: { hosts: { type: 'array', items: { type: 'string' } } } })), VS_OBJECT.replace('spec:\n  hosts: [reviews, 42, {a: b}]', `spec:\n${aliasBomb('  ')}  hosts: *l9\n  http: [*l9, *l8]`)],
    ['merge keys and aliases in the schema', `${crd('\n    - name: v1\n      served: true\n      schema:\n        openAPIV3Schema: &root\n          type: object\n          properties:\n            spec: {<<: *root, <<: [*root, *root]}\n')}`, VS_OBJECT],
    ['unresolved alias in the CRD', crd('\n    - name: v1\n      schema: {openAPIV3Schema: *nowhere}\n'), VS_OBJECT],
    ['duplicate keys in the CRD', crd('\n    - name: v1\n      name: v2\n      schema: {openAPIV3Schema: {type: object, type: string}}\n'), VS_OBJECT],
    ['truncated CRD', withSchema(spec({ type: 'object' })).slice(0, 200), VS_OBJECT],
    ['the CRD as JSON with a number for spec', JSON.stringify({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' }, spec: 5 }), VS_OBJECT],
  ];
  return out;
}

export function hostileCrdSweep(o: SweepOptions): SweepSummary {
  const failures: string[] = [];
  const notes: string[] = [];
  let operations = 0;
  let inputs = 0;
  const settings = normalizeSettings({});
  for (const [name, crdText, objectText] of hostileCrds()) {
    o.progress?.({ index: inputs, description: name });
    inputs++;
    for (const together of [false, true]) {
      const ruleFailures: string[] = [];
      const service = new MeshService(undefined, (id, e) => ruleFailures.push(`${id}: ${describeError(e)}`));
      const files: [string, string][] = together
        ? [['file:///all.yaml', `${crdText}\n---\n${objectText}`]]
        : [
            ['file:///crd.yaml', crdText],
            ['file:///vs.yaml', objectText],
          ];
      for (const [uri, text] of files) {
        operations++;
        try {
          service.setFile(uri, text);
        } catch (e) {
          failures.push(`${name}: setFile ${uri}: ${describeError(e)}`);
        }
      }
      for (const [uri, text] of files) {
        operations++;
        try {
          for (const f of service.validate(uri, settings)) {
            if (f.message.length > 2000) {
              notes.push(`${name}: ${f.code} message of ${f.message.length} characters: ${f.message.slice(0, 80)}…`);
            }
            if (!inside(f.span, text.length) || f.message.trim() === '') {
              failures.push(`${name}: ${f.code} malformed: span ${f.span.start}-${f.span.end} of ${text.length}, message ${f.message.slice(0, 100)}…(${f.message.length})`);
            }
          }
        } catch (e) {
          failures.push(`${name}: validate ${uri}: ${describeError(e)}`);
        }
      }
      failures.push(...ruleFailures.map((f) => `${name}${together ? ' (one file)' : ''}: rule failed: ${f}`));
    }
  }
  return { inputs, operations, failures, notes };
}

// ---------------------------------------------------------------------------------------------------------------------
// 3. Edits of List documents, incremental against fresh

function listItem(i: number, indent: number): string {
  const p = ' '.repeat(indent);
  const body =
    i % 3 === 0
      ? `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs${i}\nspec:\n  hosts: [s${i + 1}]\n  http:\n  - route:\n    - destination:\n        host: s${i + 1}\n        subset: v${i % 2}\n      weight: 100\n`
      : `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n  namespace: default\nspec:\n  ports:\n  - ${i % 2 ? '' : 'name: http\n    '}port: ${80 + (i % 3)}\n  selector:\n    app: a${i % 4}\n`;
  return body
    .split('\n')
    .slice(0, -1)
    .map((l, k) => `${p}${k === 0 ? '- ' : '  '}${l}\n`)
    .join('');
}

function listText(n: number, indent: number, nested: boolean): string {
  const items = Array.from({ length: n }, (_, i) => listItem(i, indent));
  if (nested) {
    // An item that is itself a List.
    const inner = `apiVersion: v1\nkind: List\nitems:\n${listItem(90, 0)}${listItem(91, 0)}`;
    items.splice(2, 0, inner.split('\n').slice(0, -1).map((l, k) => `${' '.repeat(indent)}${k === 0 ? '- ' : '  '}${l}\n`).join(''));
  }
  return `apiVersion: v1\nkind: List\nitems:\n${items.join('')}metadata:\n  resourceVersion: ""\n`;
}

/** An edit somewhere in a List: inside an item, at its edge (`- `, first or last line), or between items. */
function listEdit(text: string, r: Rand): { text: string; what: string } {
  const lines = text.split('\n');
  const edges = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*- (apiVersion|kind)/.test(l)).map(([, i]) => i);
  const at = r.int(3) === 0 && edges.length > 0 ? r.pick(edges) + r.pick([-1, 0, 0, 1]) : r.int(lines.length);
  const line = lines[at] ?? '';
  const set = (l: string | readonly string[], what: string): { text: string; what: string } => {
    lines.splice(at, 1, ...(typeof l === 'string' ? [l] : l));
    return { text: lines.join('\n'), what: `line ${at}: ${what}` };
  };
  switch (r.int(12)) {
    case 0:
      return set(line.replace('- ', '  '), '"- " removed');
    case 1:
      return set(line.replace(/^(\s*)/, '$1- '), '"- " added');
    case 2:
      return set(` ${line}`, 'indented 1');
    case 3:
      return set(line.replace(/^ {1,2}/, ''), 'outdented');
    case 4:
      return set([`${' '.repeat(r.int(4))}# comment`, line], 'comment before');
    case 5:
      return set([line, `${' '.repeat(r.int(4))}# comment`], 'comment after');
    case 6:
      return set(line.replace(/^( *)/, (m) => `${m.slice(0, Math.max(0, m.length - 2))}\t`), 'tab indent');
    case 7:
      return set([line, ''], 'blank line after');
    case 8:
      return set([], 'deleted');
    case 9: {
      const pos = r.int(text.length);
      const s = r.pick(['x', ':', '- ', '\n', '"', '[', '{', '&a ', '*a', '\ufeff', '\r', '\t']);
      return { text: text.slice(0, pos) + s + text.slice(pos), what: `${JSON.stringify(s)} at ${pos}` };
    }
    case 10: {
      const from = r.int(text.length);
      const len = 1 + r.int(40);
      return { text: text.slice(0, from) + text.slice(from + len), what: `${len} characters deleted at ${from}` };
    }
    default:
      return set([line, line], 'duplicated');
  }
}

const findingKey = (f: Finding): string => JSON.stringify(f);

export function listEditSweep(o: SweepOptions): SweepSummary {
  const r = new Rand(prng(o.seed));
  const failures: string[] = [];
  let operations = 0;
  let inputs = 0;
  const settings = normalizeSettings({});
  const walks = Math.max(1, Math.floor(o.cases / 25));
  for (let w = 0; w < walks && failures.length <= 20; w++) {
    const crlf = w % 4 === 1;
    const bom = w % 4 === 2;
    const nested = w % 3 === 0;
    const base = listText(10 + r.int(10), w % 2 === 0 ? 0 : 2, nested);
    const wrap = (t: string): string => (bom ? '\ufeff' : '') + (crlf ? t.replace(/\r?\n/g, '\r\n') : t);
    const uri = 'file:///list.yaml';
    const service = new MeshService();
    let text = base;
    const history: string[] = [];
    for (let step = 0; step < 25 && failures.length <= 20; step++) {
      // Now and then back to the clean List, so the walk visits what splits into items as well as what does not.
      if (r.int(10) === 0) {
        text = base;
        history.push('back to the base');
      } else {
        const e = listEdit(text, r);
        text = e.text;
        history.push(e.what);
      }
      const full = wrap(text);
      const what = `walk ${w} (seed ${o.seed}${crlf ? ', CRLF' : ''}${bom ? ', BOM' : ''}${nested ? ', nested List' : ''}) step ${step}: ${history.slice(-3).join('; ')}`;
      o.progress?.({ index: inputs, description: what });
      inputs++;
      operations += 2;
      try {
        service.setFile(uri, full, step + 1);
        const incremental = service.validate(uri, settings).map(findingKey);
        const fresh = new MeshService();
        fresh.setFile(uri, full, 1);
        const expected = fresh.validate(uri, settings).map(findingKey);
        if (JSON.stringify(incremental) !== JSON.stringify(expected)) {
          const missing = expected.filter((f) => !incremental.includes(f));
          const extra = incremental.filter((f) => !expected.includes(f));
          failures.push(`${what}: findings differ from a fresh service's; missing ${missing.slice(0, 2).join(' ')}; extra ${extra.slice(0, 2).join(' ')}`);
          // The walk goes on from a service in step with the text.
        }
      } catch (e) {
        failures.push(`${what}: ${describeError(e)}`);
      }
    }
  }
  return { inputs, operations, failures };
}

export function runSweep(name: SweepName, o: SweepOptions): SweepSummary {
  switch (name) {
    case 'istio-editor':
      return istioEditorSweep(o);
    case 'hostile-crds':
      return hostileCrdSweep(o);
    case 'list-edits':
      return listEditSweep(o);
  }
}
