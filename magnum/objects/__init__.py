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

"""Magnum's versioned objects.

Importing this package registers every object with oslo.versionedobjects
(each class is decorated with ``MagnumObjectRegistry.register``) and
exposes them here: ``objects.Cluster``, ``objects.NodeGroup``, ...
"""

from magnum.objects import certificate
from magnum.objects import cluster
from magnum.objects import cluster_template
from magnum.objects import federation
from magnum.objects import magnum_service
from magnum.objects import nodegroup
from magnum.objects import quota
from magnum.objects import stats
from magnum.objects import x509keypair

Certificate = certificate.Certificate
Cluster = cluster.Cluster
ClusterTemplate = cluster_template.ClusterTemplate
Federation = federation.Federation
MagnumService = magnum_service.MagnumService
NodeGroup = nodegroup.NodeGroup
Quota = quota.Quota
Stats = stats.Stats
X509KeyPair = x509keypair.X509KeyPair

__all__ = ('Certificate', 'Cluster', 'ClusterTemplate', 'Federation',
           'MagnumService', 'NodeGroup', 'Quota', 'Stats', 'X509KeyPair')
