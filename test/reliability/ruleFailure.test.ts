/**
 * A rule that throws must not take the other rules' diagnostics with it, and is logged once, with its id, through
 * `window/logMessage`. The server runs from source with the rule patched to throw (`failingRuleServer.ts`): no
 * test hook in production code.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../server/lspClient';

const LAUNCHER = path.join(__dirname, 'failingRuleServer.ts');

const FILE = (name: string): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 9080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    metadata:
      labels:
        component: ${name}
    spec:
      containers:
        - name: app
          image: nginx
`;

describe('a rule that throws, over stdio', () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient(['--import', 'tsx', LAUNCHER, '--stdio']);
    await client.initialize();
  });
  after(() => client.close());

  it('loses only its own diagnostics, and is logged once with its id', async () => {
    for (const name of ['one', 'two']) {
      const uri = `file:///virtual/${name}.yaml`;
      await client.open(uri, FILE(name));
      for (let pull = 0; pull < 2; pull++) {
        const codes = (await client.diagnostics(uri)).map((d) => d.code);
        assert.ok(codes.includes('workload-app-label'), `the other rules still report: ${codes.join(', ')}`);
        assert.ok(!codes.includes('svc-port-named'), codes.join(', '));
      }
    }
    const errors = client.logs.filter((l) => l.type === 1);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0]?.message ?? '', /svc-port-named/);
    assert.match(errors[0]?.message ?? '', /deliberate failure/);
    assert.ok(client.alive);
  });
});
