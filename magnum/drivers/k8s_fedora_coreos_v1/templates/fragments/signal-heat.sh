#!/bin/bash
# Tells Heat this master is configured: the WaitCondition on the master
# completes and with it the cluster stack.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

if [ -z "${WAIT_CURL}" ]; then
    exit 0
fi
STATUS=SUCCESS
if ! retry 60 kubectl_master get --raw /healthz > /dev/null; then
    STATUS=FAILURE
fi
# WAIT_CURL is Heat's ready-made curl command line (with its token).
# shellcheck disable=SC2086
retry 10 ${WAIT_CURL} --data-binary "{\"status\": \"${STATUS}\", \"reason\": \"kube-apiserver on $(hostname -s)\"}"
