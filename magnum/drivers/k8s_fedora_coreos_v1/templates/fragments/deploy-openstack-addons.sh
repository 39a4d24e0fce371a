#!/bin/bash
# The OpenStack cloud-controller-manager (label cloud_provider_enabled)
# and the Cinder CSI plugin (label cinder_csi_enabled). Both talk to
# OpenStack with the cluster's trust, from the cloud-config secret.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

if ! is_true "${CLOUD_PROVIDER_ENABLED}" && ! is_true "${CINDER_CSI_ENABLED}"; then
    log "no OpenStack add-ons enabled"
    exit 0
fi

CLOUD_CONF=$(cat <<CONF
[Global]
auth-url=${AUTH_URL}
user-id=${TRUSTEE_USER_ID}
password=${TRUSTEE_PASSWORD}
trust-id=${TRUST_ID}
region=${REGION_NAME}
[LoadBalancer]
use-octavia=true
[BlockStorage]
bs-version=v3
CONF
)
write_file "${MANIFEST_DIR}/cloud-config-secret.yaml" 0600 <<MANIFEST
apiVersion: v1
kind: Secret
metadata: {name: cloud-config, namespace: kube-system}
type: Opaque
data:
  cloud.conf: $(printf '%s\n' "${CLOUD_CONF}" | base64 -w0)
MANIFEST
apply_manifest "${MANIFEST_DIR}/cloud-config-secret.yaml"

PROVIDER_IMAGE_PREFIX=registry.k8s.io/provider-os/

if is_true "${CLOUD_PROVIDER_ENABLED}"; then
    write_file "${MANIFEST_DIR}/openstack-ccm.yaml" 0644 <<MANIFEST
apiVersion: v1
kind: ServiceAccount
metadata: {name: cloud-controller-manager, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:cloud-controller-manager"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: ServiceAccount, name: cloud-controller-manager, namespace: kube-system}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: openstack-cloud-controller-manager, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: openstack-cloud-controller-manager}}
  template:
    metadata: {labels: {k8s-app: openstack-cloud-controller-manager}}
    spec:
      hostNetwork: true
      serviceAccountName: cloud-controller-manager
      nodeSelector: {node-role.kubernetes.io/control-plane: ""}
      tolerations: [{operator: Exists}]
      containers:
      - name: openstack-cloud-controller-manager
        image: $(image openstack-cloud-controller-manager "${CLOUD_PROVIDER_TAG}" "${PROVIDER_IMAGE_PREFIX}")
        args:
        - /bin/openstack-cloud-controller-manager
        - --cloud-config=/etc/config/cloud.conf
        - --cloud-provider=openstack
        - --cluster-name=${CLUSTER_UUID}
        - --use-service-account-credentials=true
        volumeMounts:
        - {name: cloud-config, mountPath: /etc/config, readOnly: true}
      volumes:
      - name: cloud-config
        secret: {secretName: cloud-config}
MANIFEST
    apply_manifest "${MANIFEST_DIR}/openstack-ccm.yaml"
fi

if is_true "${CINDER_CSI_ENABLED}"; then
    CSI_SOCKET=/csi/csi.sock
    write_file "${MANIFEST_DIR}/cinder-csi.yaml" 0644 <<MANIFEST
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: {name: cinder.csi.openstack.org}
spec: {attachRequired: true, podInfoOnMount: true}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: csi-cinder-controller-sa, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: csi-cinder-controller}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: ServiceAccount, name: csi-cinder-controller-sa, namespace: kube-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: csi-cinder-controllerplugin, namespace: kube-system}
spec:
  replicas: 1
  selector: {matchLabels: {app: csi-cinder-controllerplugin}}
  template:
    metadata: {labels: {app: csi-cinder-controllerplugin}}
    spec:
      serviceAccountName: csi-cinder-controller-sa
      nodeSelector: {node-role.kubernetes.io/control-plane: ""}
      tolerations: [{operator: Exists}]
      containers:
      - name: csi-attacher
        image: $(image sig-storage/csi-attacher "${CSI_ATTACHER_TAG}" registry.k8s.io/)
        args: [--csi-address=${CSI_SOCKET}]
        volumeMounts: [{name: socket-dir, mountPath: /csi}]
      - name: csi-provisioner
        image: $(image sig-storage/csi-provisioner "${CSI_PROVISIONER_TAG}" registry.k8s.io/)
        args: [--csi-address=${CSI_SOCKET}]
        volumeMounts: [{name: socket-dir, mountPath: /csi}]
      - name: cinder-csi-plugin
        image: $(image cinder-csi-plugin "${CINDER_CSI_PLUGIN_TAG}" "${PROVIDER_IMAGE_PREFIX}")
        args: [/bin/cinder-csi-plugin, --endpoint=unix://${CSI_SOCKET},
               --cloud-config=/etc/config/cloud.conf]
        volumeMounts:
        - {name: socket-dir, mountPath: /csi}
        - {name: cloud-config, mountPath: /etc/config, readOnly: true}
      volumes:
      - {name: socket-dir, emptyDir: {}}
      - name: cloud-config
        secret: {secretName: cloud-config}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: csi-cinder-nodeplugin, namespace: kube-system}
spec:
  selector: {matchLabels: {app: csi-cinder-nodeplugin}}
  template:
    metadata: {labels: {app: csi-cinder-nodeplugin}}
    spec:
      hostNetwork: true
      tolerations: [{operator: Exists}]
      containers:
      - name: node-driver-registrar
        image: $(image sig-storage/csi-node-driver-registrar "${CSI_NODE_DRIVER_REGISTRAR_TAG}" registry.k8s.io/)
        args: [--csi-address=${CSI_SOCKET},
               --kubelet-registration-path=/var/lib/kubelet/plugins/cinder.csi.openstack.org/csi.sock]
        volumeMounts:
        - {name: socket-dir, mountPath: /csi}
        - {name: registration-dir, mountPath: /registration}
      - name: cinder-csi-plugin
        image: $(image cinder-csi-plugin "${CINDER_CSI_PLUGIN_TAG}" "${PROVIDER_IMAGE_PREFIX}")
        securityContext: {privileged: true}
        args: [/bin/cinder-csi-plugin, --endpoint=unix://${CSI_SOCKET},
               --cloud-config=/etc/config/cloud.conf]
        volumeMounts:
        - {name: socket-dir, mountPath: /csi}
        - {name: kubelet-dir, mountPath: /var/lib/kubelet, mountPropagation: Bidirectional}
        - {name: dev, mountPath: /dev}
        - {name: cloud-config, mountPath: /etc/config, readOnly: true}
      volumes:
      - {name: socket-dir, hostPath: {path: /var/lib/kubelet/plugins/cinder.csi.openstack.org, type: DirectoryOrCreate}}
      - {name: registration-dir, hostPath: {path: /var/lib/kubelet/plugins_registry, type: Directory}}
      - {name: kubelet-dir, hostPath: {path: /var/lib/kubelet, type: Directory}}
      - {name: dev, hostPath: {path: /dev}}
      - name: cloud-config
        secret: {secretName: cloud-config}
MANIFEST
    apply_manifest "${MANIFEST_DIR}/cinder-csi.yaml"
fi
