// Manifests shaped like the Istio 0.2 release files the install guide applies (written here, abbreviated): the
// shapes that matter are kept, namely rbac v1beta1 and extensions/v1beta1 objects, the istio-ca Deployment with
// `apiVersion` given twice, and 0.2.7's mesh-expansion.yaml whose first document says `Version: v1`.

/** install/kubernetes/istio.yaml of a 0.2.x release, abbreviated to one object of each shape. */
export const ISTIO_02_INSTALL = `# Istio 0.2 control plane (abbreviated)
apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
---
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRole
metadata:
  name: istio-pilot-istio-system
rules:
- apiGroups: ["config.istio.io"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRoleBinding
metadata:
  name: istio-pilot-admin-role-binding-istio-system
subjects:
- kind: ServiceAccount
  name: istio-pilot-service-account
  namespace: istio-system
roleRef:
  kind: ClusterRole
  name: istio-pilot-istio-system
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  mesh: |-
    authPolicy: NONE
    discoveryRefreshDelay: 1s
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: istio-pilot-service-account
  namespace: istio-system
---
apiVersion: v1
kind: Service
metadata:
  name: istio-pilot
  namespace: istio-system
  labels:
    istio: pilot
spec:
  ports:
  - port: 15003
    name: http-discovery
  - port: 8080
    name: http-legacy-discovery
  - port: 443
    name: admission-webhook
  selector:
    istio: pilot
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: istio-pilot
  namespace: istio-system
spec:
  replicas: 1
  template:
    metadata:
      labels:
        istio: pilot
    spec:
      serviceAccountName: istio-pilot-service-account
      containers:
      - name: discovery
        image: docker.io/istio/pilot:0.2.12
        args: ["discovery", "-v", "2"]
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: istio-ingress
  namespace: istio-system
  labels:
    istio: ingress
spec:
  type: LoadBalancer
  ports:
  - port: 80
    name: http
  - port: 443
    name: https
  selector:
    istio: ingress
---
apiVersion: extensions/v1beta1
kind: Deployment
apiVersion: extensions/v1beta1
metadata:
  name: istio-ca
  namespace: istio-system
spec:
  replicas: 1
  template:
    metadata:
      labels:
        istio: istio-ca
    spec:
      containers:
      - name: istio-ca
        image: docker.io/istio/istio-ca:0.2.12
`;

/** The line of the second `apiVersion` of the istio-ca Deployment (1-based). */
export const DUPLICATE_LINE = ISTIO_02_INSTALL.split('\n').findIndex((l, i, all) => l === 'apiVersion: extensions/v1beta1' && all[i - 1] === 'kind: Deployment') + 1;

/** install/kubernetes/mesh-expansion.yaml of 0.2.7: four internal load balancers, the first with `Version: v1`. */
export const MESH_EXPANSION_027 = `Version: v1
kind: Service
metadata:
  name: istio-pilot-ilb
  namespace: istio-system
  annotations:
    cloud.google.com/load-balancer-type: "internal"
  labels:
    istio: pilot
spec:
  type: LoadBalancer
  ports:
  - port: 8080
    protocol: TCP
  selector:
    istio: pilot
---
apiVersion: v1
kind: Service
metadata:
  name: dns-ilb
  namespace: kube-system
  annotations:
    cloud.google.com/load-balancer-type: "internal"
  labels:
    k8s-app: kube-dns
spec:
  type: LoadBalancer
  ports:
  - port: 53
    protocol: UDP
  selector:
    k8s-app: kube-dns
---
apiVersion: v1
kind: Service
metadata:
  name: mixer-ilb
  namespace: istio-system
  annotations:
    cloud.google.com/load-balancer-type: "internal"
  labels:
    istio: mixer
spec:
  type: LoadBalancer
  ports:
  - port: 9091
    protocol: TCP
  selector:
    istio: mixer
---
apiVersion: v1
kind: Service
metadata:
  name: istio-ca-ilb
  namespace: istio-system
  annotations:
    cloud.google.com/load-balancer-type: "internal"
  labels:
    istio: istio-ca
spec:
  type: LoadBalancer
  ports:
  - port: 8060
    protocol: TCP
  selector:
    istio: istio-ca
`;
