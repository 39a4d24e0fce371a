#!/bin/bash
# etcd on each master, in a container, data under /var/lib/etcd (the etcd
# volume when one is attached). Members find each other through the
# cluster's discovery URL.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

SCHEME=https
TLS_ARGS="--cert-file=${CERT_DIR}/etcd.crt --key-file=${CERT_DIR}/etcd.key"
TLS_ARGS+=" --trusted-ca-file=${CERT_DIR}/etcd-ca.crt --client-cert-auth"
TLS_ARGS+=" --peer-cert-file=${CERT_DIR}/etcd.crt"
TLS_ARGS+=" --peer-key-file=${CERT_DIR}/etcd.key"
TLS_ARGS+=" --peer-trusted-ca-file=${CERT_DIR}/etcd-ca.crt"
TLS_ARGS+=" --peer-client-cert-auth"
if is_true "${TLS_DISABLED}"; then
    SCHEME=http
    TLS_ARGS=""
fi

CLUSTER_ARGS="--initial-cluster ${HOSTNAME}=${SCHEME}://${NODE_IP}:2380"
if [ "${NUMBER_OF_MASTERS}" -gt 1 ] && [ -n "${DISCOVERY_URL}" ]; then
    CLUSTER_ARGS="--discovery ${DISCOVERY_URL}"
fi

mkdir -p /var/lib/etcd
kube_unit etcd "etcd for Kubernetes" \
    -v /var/lib/etcd:/var/lib/etcd:z -v "${CERT_DIR}:${CERT_DIR}:ro,z" \
    "$(image etcd "${ETCD_TAG}" quay.io/coreos/)" /usr/local/bin/etcd \
    --name "${HOSTNAME}" --data-dir /var/lib/etcd \
    --listen-client-urls "${SCHEME}://0.0.0.0:2379" \
    --advertise-client-urls "${SCHEME}://${NODE_IP}:2379" \
    --listen-peer-urls "${SCHEME}://0.0.0.0:2380" \
    --initial-advertise-peer-urls "${SCHEME}://${NODE_IP}:2380" \
    "${CLUSTER_ARGS}" "${TLS_ARGS}"

systemctl daemon-reload
systemctl enable --now etcd.service
