/**
 * svc-port-named on names with several dashes (the protocol is what comes before the first one) and what its message
 * says: the Service, the port number, the name as written, an example of a name that works and the protocols.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEGACY_PORT_PROTOCOLS, PORT_PROTOCOLS, portProtocol } from '../../../server/src/core/model/protocol';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';

const RULE = 'svc-port-named';

function service(ports: readonly { name?: string; port: number }[]): string {
  const lines = ports.map((p) => `    - ${p.name === undefined ? '' : `name: ${p.name}\n      `}port: ${p.port}\n`);
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector:\n    app: shop\n  ports:\n${lines.join('')}`;
}

function findings(text: string, profile: 'native' | 'legacy-0.2' = 'native'): { message: string; name: string }[] {
  const s = new MeshService();
  const uri = 'file:///ws/svc.yaml';
  s.setFile(uri, text);
  return s
    .validate(uri, normalizeSettings({ profile }))
    .filter((f) => f.code === RULE)
    .map((f) => ({ message: f.message, name: text.slice(f.span.start, f.span.end) }));
}

describe('svc-port-named: names with several dashes', () => {
  const good = ['http-my-app', 'grpc-web-my-app', 'tcp-a-b-c', 'https-api-v2-internal', 'HTTP2-front-end'];
  for (const name of good) {
    it(`accepts ${name}: the protocol is the part before the first dash`, () => {
      assert.deepEqual(findings(service([{ name, port: 8080 }])), []);
    });
  }
  it('reads the protocol of each, not of the last segment', () => {
    assert.deepEqual(portProtocol({ name: 'http-my-app' }, PORT_PROTOCOLS), { kind: 'protocol', protocol: 'http', from: 'name' });
    assert.equal(portProtocol({ name: 'grpc-web-x-y' }, PORT_PROTOCOLS).kind, 'protocol');
    assert.equal(portProtocol({ name: 'my-app-http' }, PORT_PROTOCOLS).kind, 'unrecognised');
  });
  it('legacy-0.2 splits at the first dash too', () => {
    assert.deepEqual(findings(service([{ name: 'http-my-app', port: 80 }]), 'legacy-0.2'), []);
    assert.equal(portProtocol({ name: 'redis-cache-a' }, LEGACY_PORT_PROTOCOLS).kind, 'protocol');
  });
  it('rejects a name whose protocol comes after the first dash', () => {
    const got = findings(service([{ name: 'my-app-http', port: 8080 }]));
    assert.equal(got.length, 1);
    assert.equal(got[0]?.name, 'my-app-http', 'the finding covers the name');
  });
});

describe('svc-port-named: the message', () => {
  it('names the Service, the port number, the name as written, an example fix and the protocols', () => {
    const [f] = findings(service([{ name: 'my-app-http', port: 8080 }]));
    const m = f?.message ?? '';
    assert.match(m, /^Service shop: port 8080 is named "my-app-http"/);
    assert.match(m, /Write <protocol>\[-<suffix>\], e\.g\. "[a-z0-9]+-[a-z0-9-]+"/);
    assert.match(m, /Protocols: .*\bhttp\b.*\btcp\b/);
    assert.match(m, /appProtocol/);
  });
  it('an unnamed port: its number, and a tcp-<port> example', () => {
    const [f] = findings(service([{ port: 9000 }]));
    assert.match(f?.message ?? '', /^Service shop: port 9000 has no name, .*"tcp-9000"/);
  });
  it('legacy-0.2 says what 0.2 does with such traffic and does not offer appProtocol', () => {
    const [f] = findings(service([{ name: 'web', port: 80 }]), 'legacy-0.2');
    const m = f?.message ?? '';
    assert.match(m, /^Service shop: port 80 is named "web"/);
    assert.match(m, /plain TCP/);
    assert.doesNotMatch(m, /appProtocol/);
  });
});
