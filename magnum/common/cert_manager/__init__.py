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

"""Certificate storage: ``get_backend()`` returns the configured manager.

Backends are ``magnum.cert_manager.backend`` entry points named as in
``[certificates] cert_manager_type``; each is a
``cert_manager.CertManager``.
"""

from stevedore import driver

from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF

NAMESPACE = 'magnum.cert_manager.backend'

_classes = {}


def get_backend(name=None):
    """A new manager of backend ``name`` (default: the configured one)."""
    name = name or CONF.certificates.cert_manager_type
    cls = _classes.get(name)
    if cls is None:
        try:
            manager = driver.DriverManager(NAMESPACE, name,
                                           invoke_on_load=False)
        except RuntimeError as exc:  # stevedore's NoMatches and friends
            raise exception.CertManagerError(
                backend=name, action='load',
                reason='no %s entry point of that name (%s)' % (
                    NAMESPACE, exc)) from exc
        cls = _classes[name] = manager.driver
    return cls()
