#!/bin/bash
# Fetches the cluster's CA certificates from Magnum and has Magnum sign
# this node's certificates, acting through the cluster's trust.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

HOST=$(hostname -s)

write_kubeconfigs() {
    kubeconfig kubelet "system:node:${HOST}"
    kubeconfig proxy system:kube-proxy
    if [ "${NODE_ROLE}" = master ]; then
        kubeconfig admin admin
        kubeconfig controller-manager system:kube-controller-manager
        kubeconfig scheduler system:kube-scheduler
    fi
}

if is_true "${TLS_DISABLED}"; then
    log "TLS disabled: no certificates"
    write_kubeconfigs
    exit 0
fi

CURL=(curl --silent --show-error --fail --retry 10 --retry-delay 5)
if ! is_true "${VERIFY_CA}"; then
    CURL+=(--insecure)
elif [ -n "${OPENSTACK_CA}" ]; then
    # openstack_ca arrives URL-quoted so it survives the Ignition data URL.
    printf '%b' "${OPENSTACK_CA//%/\\x}" \
        | write_file /etc/pki/ca-trust/source/anchors/openstack-ca.pem 0644
    update-ca-trust
fi

token() {
    local body
    body=$(jq -n --arg user "${TRUSTEE_USER_ID}" \
        --arg password "${TRUSTEE_PASSWORD}" --arg trust "${TRUST_ID}" \
        '{auth: {identity: {methods: ["password"], password: {user:
          {id: $user, password: $password}}},
          scope: {"OS-TRUST:trust": {id: $trust}}}}')
    "${CURL[@]}" -o /dev/null -D - -H 'Content-Type: application/json' \
        -d "${body}" "${AUTH_URL}/auth/tokens" \
        | awk 'tolower($1) == "x-subject-token:" {print $2}' | tr -d '\r'
}

TOKEN=$(retry 10 token)
MAGNUM=("${CURL[@]}" -H "X-Auth-Token: ${TOKEN}"
        -H 'OpenStack-API-Version: container-infra latest'
        -H 'Content-Type: application/json')

# fetch_ca <type> <file>
fetch_ca() {
    "${MAGNUM[@]}" "${MAGNUM_URL}/certificates/${CLUSTER_UUID}?ca_cert_type=$1" \
        | jq -r .pem | write_file "$2" 0644
}

# sign <name> <subject> <ca type> <extensions>: key + CSR here, signature
# from Magnum; the private key never leaves the node.
sign() {
    local name=$1 subject=$2 ca_type=$3 extensions=$4 config body
    config=$(mktemp)
    cat > "${config}" <<CONF
[req]
distinguished_name = dn
req_extensions = ext
prompt = no
[dn]
${subject}
[ext]
${extensions}
CONF
    openssl genrsa -out "${CERT_DIR}/${name}.key" 2048
    chmod 0600 "${CERT_DIR}/${name}.key"
    openssl req -new -key "${CERT_DIR}/${name}.key" -config "${config}" \
        -out "${CERT_DIR}/${name}.csr"
    body=$(jq -n --arg cluster "${CLUSTER_UUID}" --arg type "${ca_type}" \
        --rawfile csr "${CERT_DIR}/${name}.csr" \
        '{cluster_uuid: $cluster, csr: $csr, ca_cert_type: $type}')
    "${MAGNUM[@]}" -d "${body}" "${MAGNUM_URL}/certificates" \
        | jq -r .pem | write_file "${CERT_DIR}/${name}.crt" 0644
    rm -f "${config}"
}

# fetch_kube_ca <file>: the Kubernetes CA, once Magnum serves the one the
# stack names (a CA rotation changes both within moments of each other).
fetch_kube_ca() {
    local actual
    fetch_ca kubernetes "$1"
    [ -n "${KUBE_CA_FINGERPRINT}" ] || return 0
    actual=$(openssl x509 -noout -fingerprint -sha256 -in "$1" \
        | cut -d= -f2 | tr -d : | tr '[:upper:]' '[:lower:]')
    if [ "${actual}" != "${KUBE_CA_FINGERPRINT}" ]; then
        log "Magnum serves CA ${actual}, the stack names ${KUBE_CA_FINGERPRINT}"
        return 1
    fi
}

mkdir -p "${CERT_DIR}"
retry 12 fetch_kube_ca "${CERT_DIR}/ca.crt"
fetch_ca front_proxy "${CERT_DIR}/front-proxy-ca.crt"

CLIENT='keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth'
SERVER_CLIENT='keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth'

sign kubelet "CN = system:node:${HOST}
O = system:nodes" kubernetes "${SERVER_CLIENT}
subjectAltName = DNS:${HOST}, IP:${NODE_IP}"
sign proxy "CN = system:kube-proxy" kubernetes "${CLIENT}"

if [ "${NODE_ROLE}" = master ]; then
    fetch_ca etcd "${CERT_DIR}/etcd-ca.crt"
    # The first address of the service range is the in-cluster API address.
    IFS=./ read -r a b c d _ <<< "${PORTAL_NETWORK_CIDR}"
    SERVICE_IP="${a}.${b}.${c}.$((d + 1))"
    API_NAMES="DNS:kubernetes, DNS:kubernetes.default"
    API_NAMES+=", DNS:kubernetes.default.svc, IP:${SERVICE_IP}"
    API_NAMES+=", IP:${NODE_IP}, IP:${KUBE_API_ADDRESS}, IP:127.0.0.1"
    if [ -n "${KUBE_API_PUBLIC_ADDRESS}" ]; then
        API_NAMES+=", IP:${KUBE_API_PUBLIC_ADDRESS}"
    fi
    if [ -n "${NODE_PUBLIC_IP}" ]; then
        API_NAMES+=", IP:${NODE_PUBLIC_IP}"
    fi
    sign server "CN = kube-apiserver" kubernetes "${SERVER_CLIENT}
subjectAltName = ${API_NAMES}"
    sign admin "CN = admin
O = system:masters" kubernetes "${CLIENT}"
    sign controller-manager "CN = system:kube-controller-manager" \
        kubernetes "${CLIENT}"
    sign scheduler "CN = system:kube-scheduler" kubernetes "${CLIENT}"
    sign etcd "CN = ${HOST}" etcd "${SERVER_CLIENT}
subjectAltName = DNS:${HOST}, IP:${NODE_IP}, IP:127.0.0.1"
    sign front-proxy-client "CN = front-proxy-client" front_proxy \
        "${CLIENT}"
fi

write_kubeconfigs
