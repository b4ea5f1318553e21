import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../../server/src/core/rules/registry';
import { MeshService } from '../../../server/src/core/service';

// What the IST0106 tests beyond the rule fixtures check with: a real CRD, a VirtualService it faults, and a service
// that lets no rule fail quietly.

/** Istio's VirtualService CRD with a real schema (the istio-schema-valid fixtures'), as a workspace file holds it. */
export const VS_CRD_YAML = readFileSync(path.join(__dirname, '../../fixtures/rules/istio-schema-valid/invalid/fields/crd.yaml'), 'utf8');

/** A VirtualService that CRD faults twice: the unknown field `hostss`, and a `timeout` that is a number. */
export const FAULTY_VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews }
spec:
  hostss: [reviews]
  http:
  - timeout: 5
`;

/** A service with every rule that fails the test when a rule throws (a service on its own drops that rule quietly). */
export function strictService(): MeshService {
  return new MeshService(allRules, (id, e) => {
    throw new Error(`rule ${id} threw: ${String(e)}`);
  });
}
