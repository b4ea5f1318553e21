import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from '../harness';
import type { Scenario } from './types';

/** A new, empty file of the workspace copy; its base name becomes the Service's name (`${TM_FILENAME_BASE}`). */
const file = 'e2e-snippet.yaml';
const base = 'e2e-snippet';

/** The protocols the snippet offers for the port name (its choice placeholder). */
const protocols = 'http|http2|https|grpc|grpc-web|tcp|tls|mongo|mysql|redis|udp';

export const snippetScenarios: Scenario[] = [
  {
    name: 'snippet istio-service expands to a Service with a named port',
    async run({ server, wb }) {
      const page = wb.page;
      await wb.reset();
      const path = join(server.workspace, file);
      writeFileSync(path, '');
      try {
        await wb.openFile(file);
        const editor = wb.editorGroup(0);
        await editor.locator('.monaco-editor .view-lines').first().click();
        await page.keyboard.type('istio-service');
        await page.keyboard.press('Control+Space');

        const suggest = editor.locator('.editor-widget.suggest-widget.visible');
        const item = suggest
          .locator('.monaco-list-row')
          .filter({ has: page.locator('.label-name', { hasText: /^istio-service$/ }) })
          .first();
        await item.waitFor({ timeout: 30_000 });
        assert.match(await item.innerText(), /Istio: Service/, 'the suggestion is not our "Istio: Service" snippet');
        await item.click();
        await suggest.waitFor({ state: 'hidden', timeout: 15_000 });

        // The editor shows the expansion; the first placeholder (the name) is selected.
        await editor.locator('.view-lines').getByText('kind: Service').waitFor({ timeout: 15_000 });
        const shown = await wb.editorText(editor);
        assert.doesNotMatch(shown, /istio-service/, `the prefix was not replaced:\n${shown}`);

        // Leave snippet mode and save: the file on disk is what the user gets.
        await wb.dismiss();
        await page.keyboard.press('Escape');
        await wb.runCommand('File: Save');
        const text = await waitUntil(
          () => {
            const t = readFileSync(path, 'utf8');
            return t === '' ? undefined : t;
          },
          15_000,
          () => `${file} is still empty on disk after File: Save; the editor shows:\n${shown}`,
        );
        assert.match(text, /^apiVersion: v1\nkind: Service\n/, `not a Service:\n${text}`);
        assert.match(text, new RegExp(`\\n  name: ${base}\\n`), `the Service is not named after the file:\n${text}`);
        assert.match(text, new RegExp(`\\n  selector:\\n    app: ${base}\\n`), `no app selector:\n${text}`);
        assert.match(
          text,
          new RegExp(`\\n  ports:\\n    - name: (${protocols})(-[a-z0-9-]+)?\\n      port: 8080\\n      targetPort: 8080\\n`),
          `no port named <protocol>[-<suffix>]:\n${text}`,
        );
        assert.match(text, new RegExp(`- name: http-${base}\\n`), `the port name is not the default http-${base}:\n${text}`);
      } finally {
        await wb.closeAllEditors().catch(() => undefined);
        rmSync(path, { force: true });
      }
    },
  },
];
