import assert from 'node:assert/strict';
import type { Workbench } from '../harness';
import type { Scenario } from './types';

/** Our injection grammar (syntaxes/istio-annotations.injection.tmLanguage.json) gives these scopes to keys. */
const unknownKeyScope = 'invalid.illegal.istio.annotation.yaml';
const knownKeyScope = 'entity.name.tag.istio.annotation.yaml';

/** Opens `file`, puts the cursor on `key` and returns the text of the token inspector and the token's CSS class. */
async function inspect(wb: Workbench, file: string, key: string): Promise<{ widget: string; cssClass: string }> {
  await wb.openFile(file);
  const editor = wb.editorGroup(0);
  const token = await wb.clickText(editor, key);
  const cssClass = (await token.getAttribute('class')) ?? '';
  await wb.runCommand('Developer: Inspect Editor Tokens and Scopes');
  const widget = editor.locator('.token-inspect-widget');
  // The widget first shows "Loading..."; it is done when it lists the TextMate scopes.
  await widget.getByText('textmate scopes').waitFor({ timeout: 15_000 });
  const text = await widget.innerText();
  await wb.page.keyboard.press('Escape');
  if (await widget.isVisible()) {
    // Escape leaves it open in some versions: the command toggles it.
    await wb.runCommand('Developer: Inspect Editor Tokens and Scopes');
  }
  await widget.waitFor({ state: 'hidden', timeout: 15_000 });
  return { widget: text, cssClass };
}

export const grammarScenarios: Scenario[] = [
  {
    name: 'annotation keys get the injection grammar scopes (unknown vs known)',
    async run({ wb }) {
      await wb.reset();
      const unknown = await inspect(wb, 'mistakes/unknown-annotation.yaml', 'sidecar.istio.io/foo');
      assert.match(unknown.widget, /^sidecar\.istio\.io\/foo/, `the inspector is not on the key:\n${unknown.widget}`);
      assert.ok(
        unknown.widget.includes(unknownKeyScope),
        `sidecar.istio.io/foo has no ${unknownKeyScope} scope; the inspector shows:\n${unknown.widget}`,
      );
      assert.ok(unknown.widget.includes('source.yaml'), `not tokenised as YAML:\n${unknown.widget}`);

      const known = await inspect(wb, 'mistakes/anno-value-valid.yaml', 'traffic.sidecar.istio.io/excludeOutboundIPRanges');
      assert.ok(
        known.widget.includes(knownKeyScope),
        `a known annotation key has no ${knownKeyScope} scope; the inspector shows:\n${known.widget}`,
      );
      assert.ok(!known.widget.includes(unknownKeyScope), `a known key is marked unknown:\n${known.widget}`);

      // The theme paints them differently: the rendered tokens have different classes.
      assert.notEqual(unknown.cssClass, known.cssClass, 'known and unknown keys are rendered alike');
      await wb.closeAllEditors();
    },
  },
];
