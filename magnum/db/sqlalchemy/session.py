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

"""Magnum's one oslo.db transaction context.

Every database access goes through ``context_manager``: ``reader()`` and
``writer()`` open a session bound to the engine built from ``[database]``
on first use. Tests swap the engine with
``context_manager.patch_factory(...)``.
"""

import threading

from oslo_db.sqlalchemy import enginefacade

context_manager = enginefacade.transaction_context()

# Connection methods mostly take no request context, so transactions are
# tracked on this thread-local object instead of on a RequestContext.
_TXN = threading.local()


def reader():
    """A session for reading, committed (nothing to commit) on exit."""
    return context_manager.reader.using(_TXN)


def writer():
    """A session for writing, committed on exit, rolled back on error."""
    return context_manager.writer.using(_TXN)


def get_engine():
    """The writer engine, built from ``[database]`` if not yet started."""
    return context_manager.writer.get_engine()
