# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""``[kubernetes]`` options: Kubernetes-specific cluster settings."""

from oslo_config import cfg

kubernetes_group = cfg.OptGroup(
    name='kubernetes',
    title='Kubernetes clusters',
    help='Options for Kubernetes clusters.')

kubernetes_opts = [
    cfg.StrOpt(
        'keystone_auth_default_policy',
        default='/etc/magnum/keystone_auth_default_policy.json',
        help='File with the default access policy given to the Keystone '
             'webhook authoriser of Kubernetes clusters that enable '
             'Keystone authentication.'),
    cfg.StrOpt(
        'post_install_manifest_url',
        default='',
        help='URL of a manifest applied to every new Kubernetes cluster '
             'once it is up, for cloud-specific add-ons. Empty means '
             'none.'),
    cfg.IntOpt(
        'health_polling_interval',
        default=60,
        help='Seconds between two checks of the health of Kubernetes '
             'clusters. A negative value disables the check.'),
]


def register_opts(conf):
    conf.register_group(kubernetes_group)
    conf.register_opts(kubernetes_opts, group=kubernetes_group)


def list_opts():
    return {kubernetes_group: kubernetes_opts}
