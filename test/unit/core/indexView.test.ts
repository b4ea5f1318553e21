import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleContext } from '../../../server/src/core/rules/rule';
import { MeshService } from '../../../server/src/core/service';

describe('the index rules are given', () => {
  it('is a read-only view: files are set and removed by the service only (checked by the type check)', () => {
    // Never called: the `@ts-expect-error` lines fail `tsc -b` (npm run typecheck) if the view lets a rule write.
    const writes = (ctx: RuleContext): void => {
      // @ts-expect-error a rule cannot set a file
      ctx.index.set('file:///w/x.yaml', '');
      // @ts-expect-error a rule cannot remove one
      ctx.index.remove('file:///w/x.yaml');
      // @ts-expect-error nor record what others read
      ctx.index.record(() => undefined);
    };
    assert.equal(writes.length, 1);
  });

  it('reads what the service holds', () => {
    const service = new MeshService([
      {
        id: 'probe',
        description: 'Reports every Service of the workspace on each Deployment.',
        istioCode: null,
        defaultSeverity: 'info',
        kinds: ['Deployment'],
        check: (ctx) => ctx.index.ofKind('Service').map((s) => ({ span: ctx.object.anchor, message: s.name })),
      },
    ]);
    service.setFile('file:///w/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\n');
    service.setFile('file:///w/app.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n');
    assert.deepEqual(service.validate('file:///w/app.yaml').map((f) => f.message), ['reviews']);
  });
});
