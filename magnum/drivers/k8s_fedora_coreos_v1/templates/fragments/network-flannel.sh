#!/bin/bash
# flannel as a DaemonSet using the Kubernetes API for its subnet leases
# (pod CIDRs come from the controller manager).
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

case "${FLANNEL_BACKEND}" in
    udp|vxlan|host-gw) ;;
    *) log "unknown flannel backend ${FLANNEL_BACKEND}"; exit 1 ;;
esac

write_file "${MANIFEST_DIR}/flannel.yaml" 0644 <<MANIFEST
apiVersion: v1
kind: ServiceAccount
metadata: {name: flannel, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: flannel}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get]
- apiGroups: [""]
  resources: [nodes]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [nodes/status]
  verbs: [patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: flannel}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: flannel}
subjects:
- {kind: ServiceAccount, name: flannel, namespace: kube-system}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: kube-flannel-cfg, namespace: kube-system}
data:
  cni-conf.json: |
    {"name": "cbr0", "cniVersion": "0.3.1", "plugins": [
      {"type": "flannel", "delegate": {"hairpinMode": true,
                                       "isDefaultGateway": true}},
      {"type": "portmap", "capabilities": {"portMappings": true}}]}
  net-conf.json: |
    {"Network": "${PODS_NETWORK_CIDR}",
     "SubnetLen": ${FLANNEL_NETWORK_SUBNETLEN},
     "Backend": {"Type": "${FLANNEL_BACKEND}"}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-flannel, namespace: kube-system}
spec:
  selector: {matchLabels: {app: flannel}}
  template:
    metadata: {labels: {app: flannel}}
    spec:
      hostNetwork: true
      serviceAccountName: flannel
      tolerations: [{operator: Exists}]
      initContainers:
      - name: install-cni
        image: $(image flannel/flannel "${FLANNEL_TAG}")
        command: [cp, /etc/kube-flannel/cni-conf.json, /etc/cni/net.d/10-flannel.conflist]
        volumeMounts:
        - {name: cni, mountPath: /etc/cni/net.d}
        - {name: cfg, mountPath: /etc/kube-flannel}
      containers:
      - name: kube-flannel
        image: $(image flannel/flannel "${FLANNEL_TAG}")
        command: [/opt/bin/flanneld, --ip-masq, --kube-subnet-mgr]
        securityContext: {privileged: true}
        env:
        - name: POD_NAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        - name: POD_NAMESPACE
          valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
        volumeMounts:
        - {name: run, mountPath: /run/flannel}
        - {name: cfg, mountPath: /etc/kube-flannel}
      volumes:
      - {name: run, hostPath: {path: /run/flannel}}
      - {name: cni, hostPath: {path: /etc/cni/net.d}}
      - name: cfg
        configMap: {name: kube-flannel-cfg}
MANIFEST

apply_manifest "${MANIFEST_DIR}/flannel.yaml"
