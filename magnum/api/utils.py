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

"""Helpers the v1 controllers share: paging arguments, JSON patch, lookups
by name or uuid, the admin "all projects" switch."""

import ast
import random

import jsonpatch
from oslo_utils import uuidutils
import pecan

from magnum.common import exception
from magnum.common import policy
import magnum.conf
from magnum.i18n import _
from magnum import objects

CONF = magnum.conf.CONF

# Paths whose string values are Python literals (dicts, lists): that is how
# python-magnumclient sends structured values in a JSON patch.
LITERAL_PATHS = ('/labels', '/health_status_reason', '/node_labels',
                 '/node_taints')

SORT_DIRS = ('asc', 'desc')

GREEK_LETTERS = ('alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta',
                 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu',
                 'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon',
                 'phi', 'chi', 'psi', 'omega')


def validate_limit(limit):
    """The page size to use: ``[api] max_limit`` when absent, capped at it;
    ``InvalidLimit`` (400) when not positive."""
    if limit is None:
        return CONF.api.max_limit
    if limit <= 0:
        raise exception.InvalidLimit()
    return min(CONF.api.max_limit, limit)


def validate_sort_dir(sort_dir):
    """``sort_dir`` if it is ``asc`` or ``desc``, else ``InvalidSortDir``."""
    if sort_dir not in SORT_DIRS:
        raise exception.InvalidSortDir(sort_dir=sort_dir)
    return sort_dir


def validate_marker(marker):
    """A paging marker of uuid-keyed resources: None or a uuid, else
    ``InvalidUUID`` (400)."""
    if marker is not None and not uuidutils.is_uuid_like(marker):
        raise exception.InvalidUUID(uuid=marker)
    return marker


def _literal(path, value):
    if not isinstance(value, str):
        return value
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError,
            RecursionError):
        raise exception.PatchError(
            patch=path,
            reason=_("the value of '%s' is not a valid literal") % path)


def _operation(patch):
    if isinstance(patch, dict):
        return dict(patch)
    return patch.as_operation()


def apply_jsonpatch(doc, patch):
    """Apply ``patch`` (JsonPatchType items or dicts) to the dict ``doc``.

    Beyond RFC 6902: ``add`` may only create a top-level attribute that the
    document already has and whose value is null (anything else is an
    error: use ``replace``); string values for ``LITERAL_PATHS`` are parsed
    as Python literals. Every failure is ``PatchError`` (400). Returns the
    new document; ``doc`` itself is left untouched.
    """
    operations = []
    for item in patch:
        operation = _operation(item)
        path = operation['path']
        if operation['op'] == 'add' and path.count('/') == 1:
            attr = path.lstrip('/')
            if attr not in doc:
                raise exception.PatchError(
                    patch=path,
                    reason=_("Adding a new attribute (%s) to the root of "
                             "the resource is not allowed.") % path)
            if doc[attr] is not None:
                raise exception.PatchError(
                    patch=path,
                    reason=_("The attribute %s has existed, please use "
                             "'replace' operation instead.") % path)
        if path in LITERAL_PATHS and 'value' in operation:
            operation['value'] = _literal(path, operation['value'])
        operations.append(operation)
    try:
        return jsonpatch.apply_patch(doc, operations)
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException,
            KeyError, IndexError, TypeError) as err:
        raise exception.PatchError(patch=patch_summary(patch),
                                   reason=err)


def patch_summary(patch):
    """A short text form of a patch for error messages."""
    return ', '.join('%(op)s %(path)s' % _operation(item) for item in patch)


def get_resource(resource_name, ident, context=None):
    """The object of class ``objects.<resource_name>`` with uuid or name
    ``ident``, in the request's context (or ``context``).

    A uuid-like ``ident`` is looked up as a uuid only, anything else as a
    name (``Conflicts``, 409, when several match). A name made of digits is
    still a name: integer ids never appear in the API.
    """
    context = context or pecan.request.context
    resource = getattr(objects, resource_name)
    if uuidutils.is_uuid_like(ident):
        return resource.get_by_uuid(context, ident)
    return resource.get_by_name(context, ident)


def enable_all_projects(context, rule):
    """Let an admin act on every project's objects.

    For an admin caller, check ``rule`` (a ``*_all_projects`` policy,
    403 on denial) and set ``context.all_tenants``. Ordinary callers are
    left scoped to their own project. Returns whether it was enabled.
    """
    if not policy.check_is_admin(context):
        return False
    policy.authorize(context, rule)
    context.all_tenants = True
    return True


def changed_fields(before, after):
    """Names of the keys whose value differs between two dicts."""
    return {key for key in set(before) | set(after)
            if before.get(key) != after.get(key)}


def generate_name(kind):
    """A readable default name: ``<greek letter>-<1..24>-<kind>``, e.g.
    ``zeta-7-template``. Not unique; names never need to be."""
    return '%s-%d-%s' % (random.choice(GREEK_LETTERS),
                         random.randint(1, 24), kind)


def validate_docker_volume_size(docker_volume_size, docker_storage_driver):
    """The devicemapper storage driver needs a docker volume of 3 GB or
    more (400 ``InvalidParameterValue``); the size itself, when given, is
    already at least 1."""
    if (docker_storage_driver == 'devicemapper'
            and (docker_volume_size is None or docker_volume_size < 3)):
        raise exception.InvalidParameterValue(
            err=_("docker volume size %s GB is not valid, expecting minimum "
                  "value 3GB for devicemapper storage") % docker_volume_size)


def get_labels_diff(parent_labels, labels):
    """How ``labels`` differ from the ``parent_labels`` they came from.

    Returns ``(overridden, added, skipped)``: keys of both with another
    value (mapped to the *parent's* value), keys only in ``labels``, and
    parent keys missing from ``labels`` (with the parent's value).
    """
    parent_labels = parent_labels or {}
    labels = labels or {}
    overridden = {key: parent_labels[key] for key in labels
                  if key in parent_labels and labels[key] != parent_labels[key]}
    added = {key: value for key, value in labels.items()
             if key not in parent_labels}
    skipped = {key: value for key, value in parent_labels.items()
               if key not in labels}
    return overridden, added, skipped
