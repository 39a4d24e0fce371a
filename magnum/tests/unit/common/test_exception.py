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

import pytest

from magnum.common import exception


@pytest.mark.parametrize('exc_class, status', [
    (exception.ClusterNotFound, 404),
    (exception.ClusterTemplateNotFound, 404),
    (exception.NodeGroupNotFound, 404),
    (exception.ImageNotFound, 400),
    (exception.FlavorNotFound, 400),
    (exception.Conflicts, 409),
    (exception.NodeGroupInvalidInput, 409),
    (exception.ClusterAlreadyExists, 409),
    (exception.ResourceLimitExceeded, 403),
    (exception.ClusterTemplatePublishDenied, 403),
    (exception.ClusterTemplateReferenced, 400),
    (exception.OperationInProgress, 400),
    (exception.ClusterTypeNotSupported, 400),
    (exception.InvalidSortKey, 400),
    (exception.MagnumException, 500),
])
def test_status_codes(exc_class, status):
    assert exc_class.code == status


def test_message_is_formatted_from_kwargs():
    exc = exception.ClusterNotFound(cluster='c1')
    assert str(exc) == "Cluster c1 could not be found."
    assert exc.kwargs['code'] == 404


def test_missing_kwarg_keeps_the_template_instead_of_failing():
    exc = exception.ClusterNotFound()
    assert "could not be found" in str(exc)


def test_explicit_message_wins():
    assert str(exception.Invalid("bad value for x")) == "bad value for x"
