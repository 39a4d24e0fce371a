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

"""Finding the driver for a cluster.

Drivers are entry points in the ``magnum.drivers`` group, loaded once per
process by stevedore. Each entry point's name is the driver's name; its
class says which (server_type, os, coe) combinations it ``provides``.
``[drivers] disabled_drivers`` and ``enabled_beta_drivers`` are read on
every lookup, so changing them needs no reload.
"""

import collections
import threading

from oslo_log import log as logging
from stevedore import extension

from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)

NAMESPACE = 'magnum.drivers'

DriverInfo = collections.namedtuple('DriverInfo', 'name cls provides')

_lock = threading.Lock()
_loaded = None      # {name: DriverInfo}, every entry point that loaded
_instances = {}     # {name: driver instance}


def _report_failure(manager, entrypoint, error):
    LOG.error("Cluster driver %s could not be loaded: %s",
              entrypoint.name, error)


def _all_drivers():
    global _loaded
    with _lock:
        if _loaded is None:
            manager = extension.ExtensionManager(
                namespace=NAMESPACE, invoke_on_load=False,
                on_load_failure_callback=_report_failure)
            _loaded = {
                ext.name: DriverInfo(ext.name, ext.plugin,
                                     _provides(ext.plugin))
                for ext in manager.extensions}
        return _loaded


def _provides(cls):
    return [(p['server_type'], p['os'], p['coe'])
            for p in getattr(cls, 'provides', None) or []]


def reset():
    """Forget loaded drivers and instances (tests, or after installing a
    driver into a running process)."""
    global _loaded
    with _lock:
        _loaded = None
        _instances.clear()


def _enabled():
    disabled = set(CONF.drivers.disabled_drivers or ())
    return {name: info for name, info in _all_drivers().items()
            if name not in disabled}


def _is_usable(info):
    return (not getattr(info.cls, 'beta', False)
            or info.name in (CONF.drivers.enabled_beta_drivers or ()))


def list_drivers(include_disabled=False):
    """``DriverInfo(name, cls, provides)`` of every driver, sorted by
    name; ``provides`` is a list of (server_type, os, coe) tuples.
    Disabled drivers are left out unless ``include_disabled``."""
    drivers = _all_drivers() if include_disabled else _enabled()
    return [drivers[name] for name in sorted(drivers)]


def _instance(info):
    with _lock:
        driver = _instances.get(info.name)
        if driver is None:
            driver = _instances[info.name] = info.cls()
        return driver


def _by_tuple(drivers, key):
    """The driver for ``key`` among ``drivers``; when several provide it,
    ``[drivers] default_driver`` wins, then usable (non-beta or enabled
    beta) drivers, then the first name in alphabetical order."""
    candidates = sorted((info for info in drivers.values()
                         if key in info.provides),
                        key=lambda info: (
                            info.name != CONF.drivers.default_driver,
                            not _is_usable(info), info.name))
    return candidates[0] if candidates else None


def get_driver(server_type, os, coe, driver_name=None,
               include_disabled=False):
    """The driver instance for a cluster type.

    With ``driver_name`` that entry point is used whatever it provides
    (``ClusterDriverNotSupported`` if it is not installed or disabled);
    otherwise the driver providing (server_type, os, coe) is looked up
    (``ClusterTypeNotSupported``, listing what is available, if none).
    A beta driver must be listed in ``[drivers] enabled_beta_drivers``
    (``ClusterTypeBetaNotEnabled`` otherwise). ``include_disabled`` lets
    clusters built before their driver was disabled still be driven.
    """
    drivers = _all_drivers() if include_disabled else _enabled()
    if driver_name:
        info = drivers.get(driver_name)
        if info is None:
            raise exception.ClusterDriverNotSupported(driver_name=driver_name)
    else:
        info = _by_tuple(drivers, (server_type, os, coe))
        if info is None:
            available = sorted({t for i in drivers.values()
                                for t in i.provides})
            raise exception.ClusterTypeNotSupported(
                message=_not_supported_message(server_type, os, coe,
                                               available),
                server_type=server_type, os=os, coe=coe)
    if not _is_usable(info):
        raise exception.ClusterTypeBetaNotEnabled(
            server_type=server_type, os=os, coe=coe)
    return _instance(info)


def _not_supported_message(server_type, os, coe, available):
    message = exception.ClusterTypeNotSupported.message % {
        'server_type': server_type, 'os': os, 'coe': coe}
    listed = ', '.join('(%s, %s, %s)' % t for t in available)
    return '%s Available cluster types: %s.' % (message, listed or 'none')


def get_driver_for_cluster(context, cluster):
    """The driver of an existing cluster, from its template's server type,
    distro, COE and driver name. Disabled drivers still serve clusters
    that were built with them, so those can be finished and deleted."""
    template = cluster.cluster_template
    return get_driver(template.server_type, template.cluster_distro,
                      template.coe, driver_name=template.driver,
                      include_disabled=True)


def default_driver_name(server_type=None, os=None, coe=None):
    """The driver name a new cluster template gets when neither the
    request nor the image names one.

    ``[drivers] default_driver`` when set (``ClusterDriverNotSupported``
    if it is not installed or disabled); else the first usable driver in
    alphabetical order, restricted to those providing (server_type, os,
    coe) when that is given; ``None`` when there is none.
    """
    drivers = _enabled()
    configured = CONF.drivers.default_driver
    if configured:
        if configured not in drivers:
            raise exception.ClusterDriverNotSupported(driver_name=configured)
        return configured
    key = (server_type, os, coe)
    restrict = any(value is not None for value in key)
    for name in sorted(drivers):
        info = drivers[name]
        if not _is_usable(info):
            continue
        if restrict and key not in info.provides:
            continue
        return name
    return None
