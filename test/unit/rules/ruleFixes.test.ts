import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MeshService } from '../../../server/src/core/service';
import { defineRule } from '../../../server/src/core/rules/rule';
import vsDestinationSubsetExists from '../../../server/src/core/rules/vs-destination-subset-exists';
import { normalizeSettings } from '../../../server/src/core/settings';

/** The text after applying the preferred fix of the first finding of a rule. */
function fixed(rule: string, text: string, profile = 'native'): string {
  const service = new MeshService();
  service.setFile('file:///a.yaml', text);
  const finding = service.validate('file:///a.yaml', normalizeSettings({ profile })).find((f) => f.code === rule);
  assert.ok(finding, `no ${rule} finding`);
  const fix = finding.fixes.find((f) => f.preferred);
  assert.ok(fix, `no preferred fix for ${rule}`);
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return out;
}

const deployment = (template: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: reviews\nspec:\n  template:\n${template}`;

describe('workload-app-label quick fix', () => {
  it('adds to existing labels at their indentation', () => {
    const text = deployment('    metadata:\n      labels:\n        version: v1\n    spec: {}\n');
    assert.equal(
      fixed('workload-app-label', text),
      deployment('    metadata:\n      labels:\n        version: v1\n        app: reviews\n    spec: {}\n'),
    );
  });
  it('creates labels under metadata', () => {
    const text = deployment('    metadata:\n      annotations: {a: b}\n    spec: {}\n');
    assert.equal(
      fixed('workload-app-label', text),
      deployment('    metadata:\n      labels:\n        app: reviews\n      annotations: {a: b}\n    spec: {}\n'),
    );
  });
  it('creates metadata and labels in the template', () => {
    const text = deployment('      spec:\n        containers: []\n').replace('  template:\n', '  template:\n');
    assert.equal(
      fixed('workload-app-label', text),
      deployment('      metadata:\n        labels:\n          app: reviews\n      spec:\n        containers: []\n'),
    );
  });
  it('fills an empty labels key', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  labels:\nspec: {}\n';
    assert.equal(fixed('workload-app-label', text), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  labels:\n    app: debug\nspec: {}\n');
  });
  it('writes into flow maps', () => {
    const text = deployment('    metadata: {labels: {tier: web}}\n');
    assert.equal(fixed('workload-app-label', text), deployment('    metadata: {labels: {app: reviews, tier: web}}\n'));
    const empty = deployment('    metadata: {}\n');
    assert.equal(fixed('workload-app-label', empty), deployment('    metadata: {labels: {app: reviews}}\n'));
  });
  it('keeps CRLF line ends and quotes names YAML would not read as strings', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: "1234" # build\r\nspec: {}\r\n';
    assert.equal(
      fixed('workload-app-label', text),
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: "1234" # build\r\n  labels:\r\n    app: "1234"\r\nspec: {}\r\n',
    );
  });
});

describe('workload-version-label quick fix', () => {
  it('adds version: v1, or fills an empty one', () => {
    const text = deployment('    metadata:\n      labels:\n        app: reviews\n');
    assert.equal(fixed('workload-version-label', text), deployment('    metadata:\n      labels:\n        app: reviews\n        version: v1\n'));
    const empty = deployment('    metadata:\n      labels:\n        app: reviews\n        version: ""\n');
    assert.equal(fixed('workload-version-label', empty), deployment('    metadata:\n      labels:\n        app: reviews\n        version: v1\n'));
  });
});

describe('port name quick fixes', () => {
  const service = (ports: string, extra = ''): string =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n${extra}  selector: {app: s}\n  ports:\n${ports}`;
  it('names an unnamed port after its number, in front of its first key', () => {
    assert.equal(
      fixed('svc-port-named', service('  - port: 8080\n    targetPort: 80\n')),
      service('  - name: http-8080\n    port: 8080\n    targetPort: 80\n'),
    );
  });
  it('renames a bad name keeping what was meant', () => {
    assert.equal(fixed('svc-port-named', service('  - name: http2foo\n    port: 80\n')), service('  - name: http2-foo\n    port: 80\n'));
  });
  it('replaces an unknown appProtocol rather than the name', () => {
    assert.equal(
      fixed('svc-port-named', service('  - name: web\n    appProtocol: grpcx\n    port: 80\n')),
      service('  - name: web\n    appProtocol: grpc\n    port: 80\n'),
    );
  });
  it('renames an ExternalName "tcp" port, keeping appProtocol in step', () => {
    const extra = '  type: ExternalName\n  externalName: x.example.com\n';
    assert.equal(
      fixed('svc-externalname-port-named', service('  - name: tcp\n    appProtocol: tcp\n    port: 443\n', extra)),
      service('  - name: https\n    appProtocol: https\n    port: 443\n', extra),
    );
  });
});

describe('vs-destination-host-exists quick fix', () => {
  const mesh =
    'apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: default}\nspec: {ports: [{port: 9080}]}\n---\n' +
    'apiVersion: v1\nkind: Service\nmetadata: {name: ratings, namespace: shop}\nspec: {ports: [{port: 9080}]}\n---\n';
  const vs = (host: string): string =>
    `${mesh}apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r, namespace: default}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: ${host}\n`;
  const titles = (host: string): string[] => {
    const service = new MeshService();
    service.setFile('file:///a.yaml', vs(host));
    const f = service.validate('file:///a.yaml').find((x) => x.code === 'vs-destination-host-exists');
    return f?.fixes.map((x) => x.title) ?? [];
  };
  it('corrects a typo of a visible host', () => {
    assert.equal(fixed('vs-destination-host-exists', vs('reveiws')), vs('reviews'));
    assert.equal(fixed('vs-destination-host-exists', vs('"reviews.default.svc.cluster.locl"')), vs('reviews.default.svc.cluster.local'));
  });
  it('names the Service of another namespace or form by its FQDN or short name', () => {
    assert.equal(fixed('vs-destination-host-exists', vs('ratings')), vs('ratings.shop.svc.cluster.local'));
    assert.equal(fixed('vs-destination-host-exists', vs('reviews.bookinfo.svc.cluster.local')), vs('reviews'));
    assert.deepEqual(titles('reviews.bookinfo'), ["Change host to 'reviews'", "Change host to 'reviews.default.svc.cluster.local'"]);
  });
  it('offers nothing for a host far from every visible one', () => {
    assert.deepEqual(titles('details'), []);
  });
});

describe('fixes editing another file', () => {
  // A rule whose fix writes into the file of the first ConfigMap it finds (as "add the subset" writes into a
  // DestinationRule's file).
  const rule = defineRule({
    id: 'test-other-file-fix',
    description: 'test',
    istioCode: null,
    defaultSeverity: 'warning',
    kinds: ['Service'],
    check(ctx) {
      const cm = ctx.index.ofKind('ConfigMap')[0];
      return cm ? [{ span: ctx.object.anchor, message: 'm', fixes: [{ title: 'f', edits: [{ uri: cm.uri, span: cm.anchor, newText: 'X' }] }] }] : [];
    },
  });
  const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n';
  const cm = (lead: string): string => `${lead}apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`;
  const edit = (service: MeshService) => service.validate('file:///svc.yaml')[0]?.fixes[0]?.edits[0];

  it('keeps the edit’s file and follows its position, from the cache too', () => {
    const service = new MeshService([rule]);
    service.setFile('file:///svc.yaml', svc);
    service.setFile('file:///cm.yaml', cm(''));
    const first = edit(service);
    assert.equal(first?.uri, 'file:///cm.yaml');
    assert.deepEqual(edit(service), first, 'the cached finding');
    service.setFile('file:///svc.yaml', `apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n---\n${svc}`);
    assert.deepEqual(edit(service), first, 'after an edit of the finding’s file');
    // A document above the ConfigMap moves it: the fix follows it in its own file.
    const lead = 'apiVersion: v1\nkind: Secret\nmetadata: {name: y}\n---\n';
    service.setFile('file:///cm.yaml', cm(lead));
    const moved = edit(service);
    assert.equal(moved?.uri, 'file:///cm.yaml');
    assert.equal(moved?.span.start, (first?.span.start ?? 0) + lead.length);
  });
});

describe('vs-destination-subset-exists quick fix', () => {
  const VS =
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews, namespace: default}\nspec:\n' +
    '  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v3}\n';
  const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: default}\nspec: {ports: [{port: 9080}]}\n';
  const dr = (subsets: string): string =>
    `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n  host: reviews\n  subsets:${subsets}`;
  /** The fix of the finding in vs.yaml, applied to the DestinationRule's file. */
  function addSubset(drText: string): { title: string | undefined; text: string | undefined } {
    const service_ = new MeshService([vsDestinationSubsetExists]);
    service_.setFile('file:///svc.yaml', service);
    service_.setFile('file:///dr.yaml', drText);
    service_.setFile('file:///vs.yaml', VS);
    const fix = service_.validate('file:///vs.yaml').find((f) => f.code === 'vs-destination-subset-exists')?.fixes[0];
    if (!fix) {
      return { title: undefined, text: undefined };
    }
    let out = drText;
    for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) {
      assert.equal(e.uri, 'file:///dr.yaml');
      out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
    }
    return { title: fix.title, text: out };
  }

  it('appends the subset in the DestinationRule’s file, with the version label and the labels all subsets share', () => {
    const block = '\n    - name: v1\n      labels:\n        app: reviews\n        version: v1\n    - name: v2\n      labels:\n        app: reviews\n        version: v2\n';
    const r = addSubset(dr(block));
    assert.equal(r.title, "Add subset 'v3' to DestinationRule reviews");
    assert.equal(r.text, dr(`${block}    - name: v3\n      labels:\n        app: reviews\n        version: v3\n`));
  });

  it('writes into flow style and keeps CRLF', () => {
    assert.equal(addSubset(dr(' [{name: v1, labels: {version: v1}}]\n')).text, dr(' [{name: v1, labels: {version: v1}}, {name: v3, labels: {version: v3}}]\n'));
    const crlf = dr('\n  - name: v1\n    labels: {version: v1}\n').replace(/\n/g, '\r\n');
    assert.equal(addSubset(crlf).text, dr('\n  - name: v1\n    labels: {version: v1}\n  - name: v3\n    labels:\n      version: v3\n').replace(/\n/g, '\r\n'));
  });

  it('offers no fix when the subsets do not all select by version', () => {
    assert.equal(addSubset(dr('\n    - name: v1\n      labels: {track: stable}\n')).title, undefined);
    assert.equal(addSubset(dr(' []\n')).title, undefined);
  });
});
