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

"""Rotating the cloud credentials of a cluster (an RPC call).

Allowed in the states nodegroup operations are; the cluster's status is
not changed. A driver that cannot rotate answers 400 "Credential rotation
is not supported by driver." (also when it raises a bare
``NotImplementedError``).
"""

from magnum.conductor.handlers import common
from magnum.drivers.common import driver as driver_base
from magnum.i18n import _


def credential_rotate(runtime, context, cluster):
    with common.Operation(runtime, cluster.uuid, common.NODEGROUP_ALLOWED,
                          _('Rotating the credentials of a cluster')) as op:
        stored = op.cluster

        def work():
            driver = common.get_driver(context, stored)
            try:
                driver.rotate_credential(context, stored)
            except driver_base.CredentialRotationNotSupported:
                raise
            except NotImplementedError as error:
                raise driver_base.CredentialRotationNotSupported() \
                    from error
            stored.save()

        future = op.run(work, lambda error: None)
    future.result()
