import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatedCommands } from '../../../client/src/commands/gated';
import type { CommandDeps, Handler } from '../../../client/src/commands/types';

const noFallback: Handler = () => 'not running';

test('gated commands run only while the gate allows them, asked at each invocation (trust granted later counts)', async () => {
  const ran: unknown[][] = [];
  let trusted = false;
  let asked = 0;
  const table = gatedCommands({ 'istio.verifyInstallation': { enabled: () => (...args: unknown[]) => (ran.push(args), 'verified') } }, async () => {
    asked++;
    return trusted;
  });
  const run = table['istio.verifyInstallation']!.enabled({} as CommandDeps);
  assert.equal(await run('a'), undefined);
  assert.deepEqual(ran, [], 'the command ran in an untrusted workspace');
  trusted = true;
  assert.equal(await run('b'), 'verified');
  assert.deepEqual(ran, [['b']]);
  assert.equal(asked, 2);
});

test('the handler for a stopped server is gated too, and a command without one keeps the fallback', async () => {
  let trusted = false;
  const table = gatedCommands(
    {
      withDisabled: { enabled: () => () => 'enabled', disabled: () => () => 'disabled' },
      withoutDisabled: { enabled: () => () => 'enabled' },
    },
    async () => trusted,
  );
  const disabled = table['withDisabled']!.disabled!({} as CommandDeps, noFallback);
  assert.equal(await disabled(), undefined, 'the disabled handler ran in an untrusted workspace');
  trusted = true;
  assert.equal(await disabled(), 'disabled');
  assert.equal(table['withoutDisabled']!.disabled, undefined);
});
