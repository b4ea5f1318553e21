import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutBom } from '../../../server/src/core/byteOrderMark';
import { MeshService } from '../../../server/src/core/service';

describe('byte order marks', () => {
  it('are dropped at the start of a text only', () => {
    assert.equal(withoutBom('\ufeffkind: Service'), 'kind: Service');
    assert.equal(withoutBom('kind: Service'), 'kind: Service');
    assert.equal(withoutBom('a\ufeffb'), 'a\ufeffb');
    assert.equal(withoutBom(''), '');
  });

  it('starting a document after `---` (files concatenated) do not hide its first key, as kubectl reads it', () => {
    const service = new MeshService();
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  selector:\n    app: a\n  ports:\n    - port: 80\n';
    service.setFile('file:///w/a.yaml', `kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: c\n---\n\ufeff${svc}`);
    assert.deepEqual(
      service.index.ofKind('Service').map((o) => `${o.apiVersion} ${o.name}`),
      ['v1 a'],
    );
  });
});
