import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from '../../../client/src/cluster/redact';
import { RedactingUi } from '../../../client/src/cluster/ui/redactingUi';
import { ScriptedUi } from './support';

test('every question, prompt, progress title and message, notification and log line is redacted; answers pass through', async () => {
  const token = 'kube-token-0123456789';
  const inner = new ScriptedUi({ asks: ['apply'], typed: ['prod-eu'], notifies: ['force'] });
  const redactor = new Redactor([]);
  const ui = new RedactingUi(inner, redactor);
  redactor.add([token]); // learnt after the UI was made, as a token file read on the first request is
  const say = (what: string): string => `${what} ${token} and Basic dXNlcjpwYXNz`;
  assert.equal(await ui.ask({ severity: 'warning', message: say('ask'), detail: say('detail'), choices: [{ id: 'apply', label: 'Apply' }] }), 'apply');
  assert.equal(await ui.typeToConfirm({ prompt: say('prompt'), expected: 'prod-eu' }), 'prod-eu');
  const reported: string[] = [];
  inner.progress = async (title, task) => {
    reported.push(title);
    return task((message) => reported.push(message), new AbortController().signal);
  };
  await ui.progress(say('title'), async (report) => report(say('step'), 1, 1));
  assert.equal(await ui.notify({ severity: 'error', message: say('notice'), actions: [] }), 'force');
  ui.log('error', say('log'));
  const everything = [inner.everything(), ...reported].join('\n');
  assert.ok(!everything.includes(token), everything);
  assert.ok(!everything.includes('dXNlcjpwYXNz'), everything);
  assert.deepEqual(reported, ['title [redacted] and Basic [redacted]', 'step [redacted] and Basic [redacted]']);
  assert.equal(inner.logs[0]!.line, 'log [redacted] and Basic [redacted]');
});

test('pickers and input boxes are redacted too; the picked item and the typed value come back as they are', async () => {
  const token = 'kube-token-0123456789';
  const inner = new ScriptedUi({ picks: [/^dev/], inputs: ['team-a'] });
  const ui = new RedactingUi(inner, new Redactor([token]));
  const item = { label: `dev ${token}`, description: `desc ${token}`, detail: `detail ${token}`, value: { name: 'dev' } };
  const picked = await ui.pick({ title: `title ${token}`, placeHolder: `hint ${token}`, items: [item] });
  assert.equal(picked, item, 'the picked item is not the one given');
  assert.equal(await ui.input({ title: `input ${token}`, prompt: `prompt ${token}` }), 'team-a');
  assert.ok(!inner.everything().includes(token), inner.everything());
  assert.equal(inner.pickers[0]!.items[0]!.label, 'dev [redacted]');
});
