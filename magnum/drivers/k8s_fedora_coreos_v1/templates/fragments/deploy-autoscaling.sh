#!/bin/bash
# The cluster-autoscaler (label auto_scaling_enabled, bounds from
# min_node_count / max_node_count) and the magnum-auto-healer (label
# auto_healing_enabled). Both act on the cluster through Magnum's API.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

PROVIDER_IMAGE_PREFIX=registry.k8s.io/provider-os/

if is_true "${AUTO_SCALING_ENABLED}"; then
    write_file "${MANIFEST_DIR}/cluster-autoscaler.yaml" 0644 <<MANIFEST
apiVersion: v1
kind: ServiceAccount
metadata: {name: cluster-autoscaler, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cluster-autoscaler}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: ServiceAccount, name: cluster-autoscaler, namespace: kube-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cluster-autoscaler, namespace: kube-system}
spec:
  replicas: 1
  selector: {matchLabels: {app: cluster-autoscaler}}
  template:
    metadata: {labels: {app: cluster-autoscaler}}
    spec:
      serviceAccountName: cluster-autoscaler
      nodeSelector: {node-role.kubernetes.io/control-plane: ""}
      tolerations: [{operator: Exists}]
      containers:
      - name: cluster-autoscaler
        image: $(image autoscaling/cluster-autoscaler "${AUTOSCALER_TAG}" registry.k8s.io/)
        command:
        - ./cluster-autoscaler
        - --cloud-provider=magnum
        - --cloud-config=/etc/config/cloud.conf
        - --cluster-name=${CLUSTER_UUID}
        - --nodes=${MIN_NODE_COUNT}:${MAX_NODE_COUNT}:default-worker
        volumeMounts:
        - {name: cloud-config, mountPath: /etc/config, readOnly: true}
      volumes:
      - name: cloud-config
        secret: {secretName: cloud-config}
MANIFEST
    apply_manifest "${MANIFEST_DIR}/cluster-autoscaler.yaml"
fi

if is_true "${AUTO_HEALING_ENABLED}" && [ "${AUTO_HEALING_CONTROLLER}" = magnum-auto-healer ]; then
    write_file "${MANIFEST_DIR}/magnum-auto-healer.yaml" 0644 <<MANIFEST
apiVersion: v1
kind: ServiceAccount
metadata: {name: magnum-auto-healer, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: magnum-auto-healer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: ServiceAccount, name: magnum-auto-healer, namespace: kube-system}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: magnum-auto-healer-config, namespace: kube-system}
data:
  config.yaml: |
    cluster-name: ${CLUSTER_UUID}
    dry-run: false
    monitor-interval: 30s
    check-delay-after-add: 20m
    leader-elect: true
    healthcheck:
      master: [{type: Endpoint, params: {unhealthy-duration: 3m, protocol: HTTPS, port: ${KUBERNETES_PORT}, endpoints: [/healthz], ok-codes: [200]}}]
      worker: [{type: NodeCondition, params: {unhealthy-duration: 3m, types: [Ready], ok-values: ["True"]}}]
    openstack:
      auth-url: ${AUTH_URL}
      user-id: ${TRUSTEE_USER_ID}
      password: ${TRUSTEE_PASSWORD}
      trust-id: ${TRUST_ID}
      region: ${REGION_NAME}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: magnum-auto-healer, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: magnum-auto-healer}}
  template:
    metadata: {labels: {k8s-app: magnum-auto-healer}}
    spec:
      hostNetwork: true
      serviceAccountName: magnum-auto-healer
      nodeSelector: {node-role.kubernetes.io/control-plane: ""}
      tolerations: [{operator: Exists}]
      containers:
      - name: magnum-auto-healer
        image: $(image magnum-auto-healer "${MAGNUM_AUTO_HEALER_TAG}" "${PROVIDER_IMAGE_PREFIX}")
        args: [/bin/magnum-auto-healer, --config=/etc/magnum-auto-healer/config.yaml]
        volumeMounts:
        - {name: config, mountPath: /etc/magnum-auto-healer}
      volumes:
      - name: config
        configMap: {name: magnum-auto-healer-config}
MANIFEST
    apply_manifest "${MANIFEST_DIR}/magnum-auto-healer.yaml"
fi
