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

"""``[trust]`` options: the Keystone trustees Heat-based clusters act as."""

from oslo_config import cfg

trust_group = cfg.OptGroup(
    name='trust',
    title='Cluster trusts',
    help='Options for the Keystone domain, users and trusts Magnum creates '
         'so that software on cluster nodes can call OpenStack on behalf '
         'of the cluster owner.')

trust_opts = [
    cfg.BoolOpt(
        'cluster_user_trust',
        default=False,
        help='Give cluster nodes a trust that acts as the cluster owner, '
             'so in-cluster components such as the cloud provider can '
             'manage OpenStack resources. The trustee credentials then '
             'live on the nodes: only enable this if every user with '
             'access to the nodes may act as the owner.'),
    cfg.StrOpt(
        'trustee_domain_id',
        help='Id of the Keystone domain holding the trustee users Magnum '
             'creates for clusters.'),
    cfg.StrOpt(
        'trustee_domain_name',
        help='Name of the trustee domain; an alternative to '
             'trustee_domain_id.'),
    cfg.StrOpt(
        'trustee_domain_admin_id',
        help='Id of the user allowed to manage users in the trustee '
             'domain.'),
    cfg.StrOpt(
        'trustee_domain_admin_name',
        help='Name of the trustee domain administrator; an alternative to '
             'trustee_domain_admin_id.'),
    cfg.StrOpt(
        'trustee_domain_admin_domain_id',
        help='Id of the domain the trustee domain administrator belongs '
             'to.'),
    cfg.StrOpt(
        'trustee_domain_admin_domain_name',
        help='Name of the domain the trustee domain administrator belongs '
             'to.'),
    cfg.StrOpt(
        'trustee_domain_admin_password',
        secret=True,
        help='Password of the trustee domain administrator.'),
    cfg.ListOpt(
        'roles',
        default=[],
        help='Roles delegated by cluster trusts. Empty delegates all the '
             'roles the requesting user holds in the project.'),
    cfg.StrOpt(
        'trustee_keystone_interface',
        default='public',
        choices=['public', 'internal', 'admin'],
        help='Keystone endpoint interface cluster nodes use with their '
             'trustee credentials.'),
    cfg.StrOpt(
        'trustee_keystone_region_name',
        help='Region of the Keystone endpoint cluster nodes use. When '
             'unset, the region of [keystone_auth] is used.'),
]


def register_opts(conf):
    conf.register_group(trust_group)
    conf.register_opts(trust_opts, group=trust_group)


def list_opts():
    return {trust_group: trust_opts}
