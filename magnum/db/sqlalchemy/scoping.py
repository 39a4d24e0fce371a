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

"""Which rows a request context may see: the one place tenancy is decided.

Every project-scoped query passes through ``scope`` (or, for cluster
templates, ``template_visibility``); no query filters on ``project_id``
for tenancy anywhere else.
"""

import sqlalchemy as sa


def sees_all_projects(context):
    """Only an admin asking for all tenants sees every project."""
    return bool(context.is_admin and context.all_tenants)


def scope(query, model, context):
    """Restrict ``query`` to the rows of the caller's project."""
    if sees_all_projects(context):
        return query
    return query.filter(model.project_id == context.project_id)


def template_visibility(query, model, context):
    """Cluster templates: the caller's own, plus public ones.

    Hidden templates of other projects stay invisible to non-admins, even
    when public.
    """
    if sees_all_projects(context):
        return query
    own = model.project_id == context.project_id
    visible = sa.or_(own, model.public == sa.true())
    if not context.is_admin:
        visible = sa.and_(visible, sa.or_(own, model.hidden.is_not(sa.true())))
    return query.filter(visible)
