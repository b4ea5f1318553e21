import assert from 'node:assert/strict';
import type { Scenario } from './types';

/** The rule id the Problems panel must show for `samples/mistakes/unnamed-port.yaml`. */
const expectedCode = 'svc-port-named';

export const problemsScenarios: Scenario[] = [
  {
    name: 'unnamed port is reported in the Problems panel',
    successScreenshot: 'problems-panel.png',
    async run({ wb }) {
      await wb.openFile('mistakes/unnamed-port.yaml');
      const text = await wb.waitForProblem(new RegExp(`\\b${expectedCode}\\b`));
      // The panel shows each marker as `<message> <source>(<code>) [Ln, Col]`; innerText puts them on lines.
      assert.match(text, new RegExp(`istio\\W*${expectedCode}`), `source and code missing in:\n${text}`);
      assert.match(text, /IST0118|port name|protocol/i, `message does not explain the port naming rule:\n${text}`);
      assert.match(text, /unnamed-port\.yaml/, `the finding is not on unnamed-port.yaml:\n${text}`);
    },
  },
];
