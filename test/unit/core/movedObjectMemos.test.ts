import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Finding } from '../../../server/src/core/service';
import { MeshService } from '../../../server/src/core/service';
import { normalizeSettings } from '../../../server/src/core/settings';

/**
 * Values read once per object and kept by the index (a VirtualService's route analysis, an object's metadata places,
 * a Service's selection facts) hold spans. An edit above an object moves it without re-parsing it, so a rule that runs
 * again afterwards (here: the settings changed) must see them where the object is now, as a fresh service does.
 */

const fixture = (rule: string, file: string): string => readFileSync(`test/fixtures/rules/${rule}/invalid/${file}`, 'utf8');

const BODY = [
  fixture('vs-rules-reachable', 'unreachable.yaml'),
  fixture('anno-placement-valid', 'deployment-metadata.yaml'),
  fixture('workload-service-ports-agree', 'default-target-port.yaml'),
].join('\n---\n');

const ABOVE = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: above\ndata:\n  note: moves everything below it\n---\n';

const where = (fs: readonly Finding[]): string[] =>
  fs.map((f) => `${f.code} ${f.span.start}-${f.span.end} ${f.related.map((r) => `${r.span.start}-${r.span.end}`).join(',')}`);

describe('memos of objects that moved', () => {
  for (const text of [ABOVE + BODY, ABOVE.repeat(3) + BODY]) {
    it(`follow an edit above them (${text.length - BODY.length} characters inserted)`, () => {
      const service = new MeshService();
      service.setFile('file:///w/a.yaml', BODY);
      const before = service.validate('file:///w/a.yaml');
      assert.ok(before.some((f) => f.code === 'vs-rules-reachable'));
      assert.ok(before.some((f) => f.code === 'anno-placement-valid'));
      assert.ok(before.some((f) => f.code === 'workload-service-ports-agree' && f.related.length > 0));
      service.setFile('file:///w/a.yaml', text);
      const other = normalizeSettings({ defaultNamespace: 'elsewhere' });
      const fresh = new MeshService();
      fresh.setFile('file:///w/a.yaml', text);
      assert.deepEqual(where(service.validate('file:///w/a.yaml', other)), where(fresh.validate('file:///w/a.yaml', other)));
    });
  }
});
