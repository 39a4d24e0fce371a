#!/bin/bash
# kubelet and kube-proxy on every node; containerd is the container
# runtime. Masters register with a NoSchedule taint.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

SYSTEMD_CGROUP=false
if [ "${CGROUP_DRIVER}" = systemd ]; then
    SYSTEMD_CGROUP=true
fi
write_file /etc/containerd/config.toml 0644 <<CONF
version = 2
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
  SystemdCgroup = ${SYSTEMD_CGROUP}
[plugins."io.containerd.grpc.v1.cri".cni]
  bin_dir = "/opt/cni/bin"
  conf_dir = "/etc/cni/net.d"
CONF
if [ -n "${HTTP_PROXY}${HTTPS_PROXY}" ]; then
    write_file /etc/systemd/system/containerd.service.d/proxy.conf 0644 <<CONF
[Service]
Environment=HTTP_PROXY=${HTTP_PROXY} HTTPS_PROXY=${HTTPS_PROXY} NO_PROXY=${NO_PROXY}
CONF
    systemctl daemon-reload
fi
systemctl enable --now containerd.service
systemctl restart containerd.service

write_file /etc/kubernetes/kubelet-config.yaml 0644 <<CONF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: ${CGROUP_DRIVER}
clusterDNS: ["${DNS_SERVICE_IP}"]
clusterDomain: ${DNS_CLUSTER_DOMAIN}
authentication:
  anonymous: {enabled: false}
  x509: {clientCAFile: ${CERT_DIR}/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: ${CERT_DIR}/kubelet.crt
tlsPrivateKeyFile: ${CERT_DIR}/kubelet.key
CONF

NODE_ARGS="--node-labels=magnum.openstack.org/role=${NODEGROUP_NAME}"
NODE_ARGS+=",magnum.openstack.org/nodegroup=${NODEGROUP_NAME}"
if [ "${NODE_ROLE}" = master ]; then
    NODE_ARGS+=",node-role.kubernetes.io/control-plane="
    NODE_ARGS+=" --register-with-taints=node-role.kubernetes.io/control-plane=:NoSchedule"
fi
if is_true "${CLOUD_PROVIDER_ENABLED}"; then
    NODE_ARGS+=" --cloud-provider=external"
fi

mkdir -p /var/lib/kubelet /opt/cni/bin /etc/cni/net.d
# shellcheck disable=SC2086
kube_unit kubelet "Kubernetes kubelet" \
    -v /etc/kubernetes:/etc/kubernetes:ro,z \
    -v /var/lib/kubelet:/var/lib/kubelet:rshared,z \
    -v /var/log:/var/log:z -v /run:/run -v /sys:/sys:ro \
    -v /dev:/dev -v /opt/cni:/opt/cni:z -v /etc/cni:/etc/cni:z \
    -v /var/lib/containerd:/var/lib/containerd:z \
    "$(kube_image)" kubelet \
    --config=/etc/kubernetes/kubelet-config.yaml \
    --kubeconfig=/etc/kubernetes/kubelet.kubeconfig \
    --container-runtime-endpoint=unix:///run/containerd/containerd.sock \
    --hostname-override="${HOSTNAME}" --node-ip="${NODE_IP}" \
    ${NODE_ARGS} ${KUBELET_OPTIONS}

# shellcheck disable=SC2086
kube_unit kube-proxy "Kubernetes network proxy" \
    -v /etc/kubernetes:/etc/kubernetes:ro,z -v /run/xtables.lock:/run/xtables.lock \
    -v /lib/modules:/lib/modules:ro "$(kube_image)" kube-proxy \
    --kubeconfig=/etc/kubernetes/proxy.kubeconfig \
    --cluster-cidr="${PODS_NETWORK_CIDR}" \
    --hostname-override="${HOSTNAME}" ${KUBEPROXY_OPTIONS}

touch /run/xtables.lock
systemctl daemon-reload
systemctl enable --now kubelet.service kube-proxy.service
