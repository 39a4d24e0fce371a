#!/bin/bash
# Formats and mounts the Cinder volumes Heat attached: the container
# storage volume (/var/lib/containers) and, on masters, the etcd volume.
set -euo pipefail

# shellcheck source=lib.sh
. /usr/local/lib/magnum/lib.sh

# Nova exposes a volume as a virtio disk whose serial is the first 20
# characters of the volume id.
device_for() {
    local path="/dev/disk/by-id/virtio-${1:0:20}"
    retry 60 test -e "${path}"
    readlink -f "${path}"
}

mount_volume() {
    local volume_id=$1 mount_point=$2 unit device
    device=$(device_for "${volume_id}")
    if ! blkid "${device}" > /dev/null 2>&1; then
        mkfs.xfs -f "${device}"
    fi
    mkdir -p "${mount_point}"
    unit=$(systemd-escape --path --suffix=mount "${mount_point}")
    write_file "/etc/systemd/system/${unit}" 0644 <<UNIT
[Unit]
Description=Magnum volume ${volume_id}
Before=local-fs.target

[Mount]
What=${device}
Where=${mount_point}
Type=xfs

[Install]
WantedBy=local-fs.target
UNIT
    systemctl daemon-reload
    systemctl enable --now "${unit}"
}

if [ -n "${DOCKER_VOLUME_ID}" ]; then
    mount_volume "${DOCKER_VOLUME_ID}" /var/lib/containers
fi
if [ "${NODE_ROLE}" = master ] && [ -n "${ETCD_VOLUME_ID}" ]; then
    mount_volume "${ETCD_VOLUME_ID}" /var/lib/etcd
fi
