#!/bin/bash
# The control plane: kube-apiserver, kube-controller-manager and
# kube-scheduler as containers from the hyperkube image.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

IMAGE=$(kube_image)
VOLUMES="-v /etc/kubernetes:/etc/kubernetes:ro,z"
CLOUD_ARGS=""
if is_true "${CLOUD_PROVIDER_ENABLED}"; then
    CLOUD_ARGS="--cloud-provider=external"
fi

if is_true "${TLS_DISABLED}"; then
    ETCD="--etcd-servers=http://127.0.0.1:2379"
    SECURE="--insecure-port=${KUBERNETES_PORT} --insecure-bind-address=0.0.0.0"
    SECURE+=" --secure-port=0"
else
    ETCD="--etcd-servers=https://127.0.0.1:2379"
    ETCD+=" --etcd-cafile=${CERT_DIR}/etcd-ca.crt"
    ETCD+=" --etcd-certfile=${CERT_DIR}/etcd.crt"
    ETCD+=" --etcd-keyfile=${CERT_DIR}/etcd.key"
    SECURE="--secure-port=${KUBERNETES_PORT}"
    SECURE+=" --tls-cert-file=${CERT_DIR}/server.crt"
    SECURE+=" --tls-private-key-file=${CERT_DIR}/server.key"
    SECURE+=" --client-ca-file=${CERT_DIR}/ca.crt"
    SECURE+=" --kubelet-client-certificate=${CERT_DIR}/admin.crt"
    SECURE+=" --kubelet-client-key=${CERT_DIR}/admin.key"
    SECURE+=" --requestheader-client-ca-file=${CERT_DIR}/front-proxy-ca.crt"
    SECURE+=" --proxy-client-cert-file=${CERT_DIR}/front-proxy-client.crt"
    SECURE+=" --proxy-client-key-file=${CERT_DIR}/front-proxy-client.key"
    SECURE+=" --requestheader-allowed-names=front-proxy-client"
    SECURE+=" --requestheader-username-headers=X-Remote-User"
    SECURE+=" --requestheader-group-headers=X-Remote-Group"
    SECURE+=" --requestheader-extra-headers-prefix=X-Remote-Extra-"
fi

# The option strings are deliberately word-split into arguments.
# shellcheck disable=SC2086
kube_unit kube-apiserver "Kubernetes API server" ${VOLUMES} "${IMAGE}" \
    kube-apiserver --bind-address=0.0.0.0 \
    --advertise-address="${NODE_IP}" \
    --service-cluster-ip-range="${PORTAL_NETWORK_CIDR}" \
    --enable-admission-plugins="${ADMISSION_CONTROL_LIST}" \
    --authorization-mode=Node,RBAC --allow-privileged=true \
    --service-account-key-file="${CERT_DIR}/service_account.key" \
    --service-account-signing-key-file="${CERT_DIR}/service_account_private.key" \
    --service-account-issuer=https://kubernetes.default.svc \
    ${CLOUD_ARGS} ${ETCD} ${SECURE} ${KUBEAPI_OPTIONS}

CM_TLS=""
if ! is_true "${TLS_DISABLED}"; then
    CM_TLS="--root-ca-file=${CERT_DIR}/ca.crt"
    CM_TLS+=" --cluster-signing-cert-file=${CERT_DIR}/ca.crt"
    CM_TLS+=" --use-service-account-credentials=true"
fi
# shellcheck disable=SC2086
kube_unit kube-controller-manager "Kubernetes controller manager" \
    ${VOLUMES} "${IMAGE}" kube-controller-manager \
    --kubeconfig=/etc/kubernetes/controller-manager.kubeconfig \
    --leader-elect=true --allocate-node-cidrs=true \
    --cluster-cidr="${PODS_NETWORK_CIDR}" \
    --service-cluster-ip-range="${PORTAL_NETWORK_CIDR}" \
    --service-account-private-key-file="${CERT_DIR}/service_account_private.key" \
    ${CLOUD_ARGS} ${CM_TLS} ${KUBECONTROLLER_OPTIONS}

# shellcheck disable=SC2086
kube_unit kube-scheduler "Kubernetes scheduler" ${VOLUMES} "${IMAGE}" \
    kube-scheduler --kubeconfig=/etc/kubernetes/scheduler.kubeconfig \
    --leader-elect=true ${KUBESCHEDULER_OPTIONS}

systemctl daemon-reload
systemctl enable --now kube-apiserver.service \
    kube-controller-manager.service kube-scheduler.service
