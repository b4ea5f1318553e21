import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatedCommands } from '../../../client/src/commands/gated';
import type { CommandDeps } from '../../../client/src/commands/types';

test('gated commands run only while the gate allows them, asked at each invocation (trust granted later counts)', async () => {
  const ran: unknown[][] = [];
  let trusted = false;
  let asked = 0;
  const table = gatedCommands({ 'istio.verifyInstallation': () => (...args: unknown[]) => (ran.push(args), 'verified') }, async () => {
    asked++;
    return trusted;
  });
  const run = table['istio.verifyInstallation']!({} as CommandDeps);
  assert.equal(await run('a'), undefined);
  assert.deepEqual(ran, [], 'the command ran in an untrusted workspace');
  trusted = true;
  assert.equal(await run('b'), 'verified');
  assert.deepEqual(ran, [['b']]);
  assert.equal(asked, 2);
});
