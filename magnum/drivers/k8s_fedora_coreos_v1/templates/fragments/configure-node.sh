#!/bin/bash
# Entry point run once by magnum-configure.service: configures this node
# for its role by running the other scripts in order.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

DONE=/var/lib/magnum/configured

run() {
    log "running $1"
    bash "${MAGNUM_LIB}/$1"
}

run configure-storage.sh
run make-certs.sh
if [ "${NODE_ROLE}" = master ]; then
    run configure-etcd.sh
    run configure-kube-master.sh
fi
run configure-kubelet.sh
if [ "${NODE_ROLE}" = master ]; then
    run "network-${NETWORK_DRIVER}.sh"
    run deploy-coredns.sh
    run deploy-openstack-addons.sh
    run deploy-autoscaling.sh
    run signal-heat.sh
fi

mkdir -p "$(dirname "${DONE}")"
touch "${DONE}"
log "node configured as ${NODE_ROLE}"
