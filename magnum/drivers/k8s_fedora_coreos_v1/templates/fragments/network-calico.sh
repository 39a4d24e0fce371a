#!/bin/bash
# Calico through the tigera operator: an Installation naming the pod
# pool (calico_ipv4pool) and the IP-in-IP mode (calico_ipv4pool_ipip).
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

case "${CALICO_IPV4POOL_IPIP}" in
    Always|CrossSubnet|Never|Off) ;;
    *) log "unknown calico IPIP mode ${CALICO_IPV4POOL_IPIP}"; exit 1 ;;
esac
ENCAPSULATION=None
if [ "${CALICO_IPV4POOL_IPIP}" = Always ]; then
    ENCAPSULATION=IPIP
elif [ "${CALICO_IPV4POOL_IPIP}" = CrossSubnet ]; then
    ENCAPSULATION=IPIPCrossSubnet
fi

OPERATOR_URL="https://raw.githubusercontent.com/projectcalico/calico/${CALICO_TAG}/manifests/tigera-operator.yaml"
retry 10 curl --silent --show-error --fail -o "${MANIFEST_DIR}/tigera-operator.yaml" \
    "${OPERATOR_URL}"

REGISTRY=""
if [ -n "${CONTAINER_INFRA_PREFIX}" ]; then
    REGISTRY="registry: ${CONTAINER_INFRA_PREFIX}"
fi
write_file "${MANIFEST_DIR}/calico.yaml" 0644 <<MANIFEST
apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  ${REGISTRY}
  calicoNetwork:
    ipPools:
    - cidr: ${PODS_NETWORK_CIDR}
      encapsulation: ${ENCAPSULATION}
      natOutgoing: Enabled
MANIFEST

apply_manifest "${MANIFEST_DIR}/tigera-operator.yaml"
apply_manifest "${MANIFEST_DIR}/calico.yaml"
