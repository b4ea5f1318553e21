import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatedCommands } from '../../../client/src/commands/gated';
import { dispatch, serverless, type CommandDeps, type Handler } from '../../../client/src/commands/types';

// The command table's dispatch: `enabled` while the language server runs, `disabled` while it does not, else the one
// "server is not running" fallback; decided at each invocation, the handlers built once.

function depsWithServer(): { deps: CommandDeps; setRunning: (running: boolean) => void } {
  let running = true;
  const deps = { client: () => (running ? ({} as ReturnType<CommandDeps['client']>) : undefined) } as CommandDeps;
  return { deps, setRunning: (r) => (running = r) };
}

const fallback: Handler = () => 'not running';

test('a command without a disabled handler answers with the fallback while the server is down, and runs again once it is up', () => {
  const { deps, setRunning } = depsWithServer();
  const run = dispatch({ enabled: () => (x) => `enabled ${String(x)}` }, deps, fallback);
  assert.equal(run('a'), 'enabled a');
  setRunning(false);
  assert.equal(run('b'), 'not running');
  setRunning(true);
  assert.equal(run('c'), 'enabled c');
});

test('a disabled handler runs while the server is down, and is given the fallback', () => {
  const { deps, setRunning } = depsWithServer();
  const run = dispatch({ enabled: () => () => 'enabled', disabled: (_d, notRunning) => () => `disabled, else ${String(notRunning())}` }, deps, fallback);
  setRunning(false);
  assert.equal(run(), 'disabled, else not running');
});

test('a serverless command runs the same handler, built once, whether the server runs or not (also when gated)', async () => {
  const { deps, setRunning } = depsWithServer();
  let built = 0;
  const command = serverless(() => {
    built++;
    let calls = 0;
    return () => ++calls;
  });
  const run = dispatch(command, deps, fallback);
  assert.equal(run(), 1);
  setRunning(false);
  assert.equal(run(), 2, 'the server being down changed the handler');
  assert.equal(built, 1);
  const gated = gatedCommands({ c: command }, async () => true)['c']!;
  const runGated = dispatch(gated, deps, fallback);
  setRunning(true);
  assert.equal(await runGated(), 1);
  setRunning(false);
  assert.equal(await runGated(), 2);
  assert.equal(built, 2, 'the gated command was built more than once');
});
