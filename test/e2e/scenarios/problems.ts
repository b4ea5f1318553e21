import assert from 'node:assert/strict';
import type { Scenario } from './types';

/** samples/mistakes/unnamed-port.yaml: its Service's port 9080 has no name (the `- port: 9080` item, line 13). */
const file = 'unnamed-port.yaml';
const expected = { code: 'svc-port-named', istioCode: 'IST0118', line: 13 };

export const problemsScenarios: Scenario[] = [
  {
    name: 'unnamed port is reported in the Problems panel',
    successScreenshot: 'problems-panel.png',
    async run({ wb }) {
      await wb.openFile(`mistakes/${file}`);
      // The panel lists the whole workspace: show this file's rows only.
      await wb.filterProblems(file);
      let rows: Awaited<ReturnType<typeof wb.problemRows>>;
      try {
        await wb.waitForProblem(new RegExp(`\\b${expected.code}\\b`));
        // One row must hold it all: listed under the file, with source and code, the line, and the message.
        rows = await wb.problemRows();
      } finally {
        await wb.filterProblems('');
      }
      const shown = rows.map((r) => `${r.file}: ${r.text}`).join('\n');
      const ours = rows.filter((r) => r.file === file);
      assert.ok(ours.length > 0, `no problem listed under ${file}; the panel lists:\n${shown}`);
      const row = ours.find((r) => new RegExp(`istio\\W*${expected.code}\\b`).test(r.text));
      assert.ok(row, `no ${expected.code} row (source istio) under ${file}:\n${shown}`);
      assert.equal(row.line, expected.line, `the ${expected.code} row of ${file} is not on line ${expected.line}: ${row.text}`);
      assert.match(row.text, /port 9080 has no name/, `the row's message does not say which port: ${row.text}`);
      assert.match(row.text, new RegExp(expected.istioCode), `the row's message lacks ${expected.istioCode}: ${row.text}`);
      assert.ok(rows.every((r) => r.file !== ''), `a marker row sits under no file:\n${shown}`);
    },
  },
  {
    name: 'a file never opened is reported in the Problems panel (workspace diagnostics)',
    async run({ wb }) {
      // samples/mistakes/bad-port-name.yaml: no editor shows it; its Service's port is named "http2foo" (line 13).
      const unopened = 'bad-port-name.yaml';
      await wb.closeAllEditors();
      await wb.filterProblems(unopened);
      let rows: Awaited<ReturnType<typeof wb.problemRows>>;
      try {
        await wb.waitForProblem(/\bsvc-port-named\b/);
        rows = await wb.problemRows();
      } finally {
        await wb.filterProblems('');
      }
      const shown = rows.map((r) => `${r.file}: ${r.text}`).join('\n');
      const row = rows.find((r) => r.file === unopened && /istio\W*svc-port-named\b/.test(r.text));
      assert.ok(row, `no svc-port-named row under the unopened ${unopened}:\n${shown}`);
      assert.equal(row.line, 13, `the row is not on line 13: ${row.text}`);
      assert.match(row.text, /http2foo/, `the row's message does not name the port: ${row.text}`);
    },
  },
];
