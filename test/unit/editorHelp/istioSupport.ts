import { MutableWorkspaceIndex } from '../../../server/src/core/index/workspaceIndex';
import type { FileEntry } from '../../../server/src/core/index/workspaceIndex';
import type { IstioWorkspace } from '../../../server/src/core/editorHelp/istioTargets';

/** A small mesh in two files: Services, pods, a DestinationRule, a ServiceEntry and Gateways (Bookinfo-like). */
export const MESH = `apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: default
spec:
  selector:
    app: reviews
  ports:
    - name: http
      port: 9080
    - name: grpc-admin
      port: 9090
---
apiVersion: v1
kind: Service
metadata:
  name: ratings
  namespace: shop
spec:
  selector:
    app: ratings
  ports:
    - name: http
      port: 9080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: default
spec:
  template:
    metadata:
      labels: {app: reviews, version: v1}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v2
  namespace: default
spec:
  template:
    metadata:
      labels: {app: reviews, version: v2}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: other-v1
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: reviews, version: v1}
---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata:
  name: external-api
  namespace: default
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: bookinfo-gateway
  namespace: default
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, protocol: HTTP, name: http}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: istio-system
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 443, protocol: HTTPS, name: https}, hosts: ["*/*"]}]
`;

/** The reviews DestinationRule: subsets v1 and v2 (the language server's editor help test opens it too). */
export const RULES = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: default
spec:
  host: reviews
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`;

export const MESH_URI = 'file:///mesh.yaml';
export const RULES_URI = 'file:///rules.yaml';
export const EDITED_URI = 'file:///vs.yaml';

/** The mesh above plus a file whose `|` marks the cursor; returns its entry, the offset and the workspace. */
export function inMesh(textWithCursor: string, files: Readonly<Record<string, string>> = { [MESH_URI]: MESH, [RULES_URI]: RULES }): {
  entry: FileEntry;
  offset: number;
  ws: IstioWorkspace & { readonly index: MutableWorkspaceIndex };
} {
  const offset = textWithCursor.indexOf('|');
  if (offset < 0) {
    throw new Error('no | cursor in the test text');
  }
  const index = new MutableWorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) {
    index.set(uri, text);
  }
  const entry = index.set(EDITED_URI, textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1));
  return { entry, offset, ws: { index, defaultNamespace: 'default' } };
}

/** A VirtualService in namespace default with the given spec lines (indented by two). */
export const vs = (spec: string, apiVersion = 'networking.istio.io/v1'): string =>
  `apiVersion: ${apiVersion}\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: default\nspec:\n${spec}`;
