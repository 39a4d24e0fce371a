#!/bin/bash
# Helpers shared by the node configuration scripts; sourced, never run.
set -euo pipefail

# Used by the scripts that source this file.
# shellcheck disable=SC2034
MAGNUM_LIB=/usr/local/lib/magnum
MAGNUM_PARAMS=/etc/magnum/params.env
# shellcheck disable=SC2034
CERT_DIR=/etc/kubernetes/certs
MANIFEST_DIR=/srv/magnum/kubernetes/manifests

# shellcheck source=params.env
. "${MAGNUM_PARAMS}"

log() {
    echo "magnum: $*" >&2
}

# retry <attempts> <command...>: run a command until it succeeds.
retry() {
    local attempts=$1 n=1
    shift
    until "$@"; do
        if [ "${n}" -ge "${attempts}" ]; then
            log "giving up after ${n} attempts: $*"
            return 1
        fi
        n=$((n + 1))
        sleep 5
    done
}

is_true() {
    case "${1,,}" in
        true|yes|on|1) return 0 ;;
        *) return 1 ;;
    esac
}

# image <name> <tag>: a container image reference honouring
# container_infra_prefix, which replaces every upstream registry.
image() {
    local name=$1 tag=$2 default_prefix=${3:-docker.io/}
    echo "${CONTAINER_INFRA_PREFIX:-${default_prefix}}${name}:${tag}"
}

kube_image() {
    image hyperkube "${KUBE_TAG}" "${HYPERKUBE_PREFIX}"
}

# write_file <path> <mode>: write stdin to a file atomically.
write_file() {
    local path=$1 mode=$2 tmp
    mkdir -p "$(dirname "${path}")"
    tmp=$(mktemp "${path}.XXXXXX")
    cat > "${tmp}"
    chmod "${mode}" "${tmp}"
    mv -f "${tmp}" "${path}"
}

kubectl_master() {
    podman run --rm --net host -v /etc/kubernetes:/etc/kubernetes:ro,z \
        -v "${MANIFEST_DIR}:${MANIFEST_DIR}:ro,z" "$(kube_image)" \
        kubectl --kubeconfig /etc/kubernetes/admin.kubeconfig "$@"
}

# apply_manifest <file>: apply once the API server answers.
apply_manifest() {
    retry 60 kubectl_master get --raw /healthz > /dev/null
    retry 10 kubectl_master apply -f "$1"
}

# kube_unit <name> <description> <podman arguments...>: a systemd unit
# that runs one Kubernetes component in a host-network container.
kube_unit() {
    local name=$1 description=$2
    shift 2
    write_file "/etc/systemd/system/${name}.service" 0644 <<UNIT
[Unit]
Description=${description}
After=network-online.target magnum-configure.service
Wants=network-online.target

[Service]
ExecStartPre=-/usr/bin/podman rm -f ${name}
ExecStart=/usr/bin/podman run --name ${name} --net host --pid host --privileged $*
ExecStop=-/usr/bin/podman stop ${name}
Restart=always
RestartSec=10
TimeoutStartSec=600

[Install]
WantedBy=multi-user.target
UNIT
}

# api_server_url: how components reach the API (plain HTTP without TLS).
api_server_url() {
    if is_true "${TLS_DISABLED}"; then
        echo "http://${KUBE_API_ADDRESS}:${KUBERNETES_PORT}"
    else
        echo "https://${KUBE_API_ADDRESS}:${KUBERNETES_PORT}"
    fi
}

# kubeconfig <name> <user>: /etc/kubernetes/<name>.kubeconfig using the
# client certificate <name>.crt (none without TLS).
kubeconfig() {
    local cluster_auth="certificate-authority: ${CERT_DIR}/ca.crt"
    local user_auth="client-certificate: ${CERT_DIR}/$1.crt
    client-key: ${CERT_DIR}/$1.key"
    if is_true "${TLS_DISABLED}"; then
        cluster_auth="insecure-skip-tls-verify: false"
        user_auth="username: $2"
    fi
    write_file "/etc/kubernetes/$1.kubeconfig" 0600 <<CONFIG
apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    ${cluster_auth}
    server: $(api_server_url)
users:
- name: $2
  user:
    ${user_auth}
contexts:
- name: default
  context:
    cluster: kubernetes
    user: $2
current-context: default
CONFIG
}
