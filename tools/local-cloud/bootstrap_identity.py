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

"""Idempotent Keystone content of the local cloud (run by `local-cloud up`).

Runs inside the local cloud's virtualenv (it needs python-keystoneclient):
``python bootstrap_identity.py STATE.json``.  Reads the wanted projects,
users, roles, domain and catalog from the state file and makes Keystone
match them: creates what is missing, resets passwords, fixes endpoint URLs.
"""

import json
import sys

from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client

REGION = 'RegionOne'
INTERFACES = ('public', 'internal', 'admin')


def one(manager, **filters):
    found = manager.list(**filters)
    return found[0] if found else None


class Bootstrap(object):
    def __init__(self, state):
        self.state = state
        admin = state['users']['admin']
        auth = v3.Password(auth_url=state['auth_url'],
                           username=admin['username'],
                           password=admin['password'],
                           project_name=admin['project_name'],
                           user_domain_id='default',
                           project_domain_id='default')
        self.ks = ks_client.Client(session=ks_session.Session(auth=auth))
        self.roles = {}

    def domain(self, name, description):
        found = one(self.ks.domains, name=name)
        return found or self.ks.domains.create(name, description=description)

    def project(self, name, domain='default'):
        found = one(self.ks.projects, name=name, domain=domain)
        return found or self.ks.projects.create(name, domain,
                                                description='local cloud')

    def role(self, name):
        if name not in self.roles:
            self.roles[name] = (one(self.ks.roles, name=name)
                                or self.ks.roles.create(name))
        return self.roles[name]

    def user(self, name, password, domain='default', project=None):
        found = one(self.ks.users, name=name, domain=domain)
        if found is None:
            return self.ks.users.create(name, domain=domain,
                                        password=password,
                                        default_project=project,
                                        enabled=True)
        # A user kept from an earlier run gets the documented password
        # back. Only when it no longer works: Keystone revokes every token
        # of a user whose password is set, and a repeated `up` must not
        # invalidate the tokens of clients already using the cloud.
        if found.enabled and self.password_works(found.id, password):
            return found
        return self.ks.users.update(found, password=password, enabled=True)

    def password_works(self, user_id, password):
        auth = v3.Password(auth_url=self.state['auth_url'], user_id=user_id,
                           password=password)
        try:
            ks_session.Session(auth=auth).get_token()
        except ks_exceptions.Unauthorized:
            return False
        return True

    def grant(self, role, user, project=None, domain=None):
        self.ks.roles.grant(self.role(role), user=user, project=project,
                            domain=domain)

    def service(self, stype, name, url):
        svc = one(self.ks.services, type=stype)
        if svc is None:
            svc = self.ks.services.create(name, type=stype,
                                          description='local cloud ' + stype)
        elif svc.name != name:
            svc = self.ks.services.update(svc, name=name)
        for interface in INTERFACES:
            found = self.ks.endpoints.list(service=svc, interface=interface,
                                           region=REGION)
            if not found:
                self.ks.endpoints.create(svc, url, interface=interface,
                                         region=REGION)
            elif found[0].url != url:
                self.ks.endpoints.update(found[0], url=url)
            for extra in found[1:]:
                self.ks.endpoints.delete(extra)

    def run(self):
        state = self.state
        for name in ('admin', 'member', 'reader', 'service',
                     'heat_stack_owner', 'heat_stack_user'):
            self.role(name)
        projects = {}
        for user in state['users'].values():
            name = user['project_name']
            if name not in projects:
                projects[name] = self.project(name)
        for user in state['users'].values():
            if user['username'] == 'admin':
                continue     # keystone-manage bootstrap owns the admin user
            project = projects[user['project_name']]
            obj = self.user(user['username'], user['password'],
                            project=project)
            for role in user['roles']:
                self.grant(role, obj, project=project)

        for key, description in (
                ('heat_domain', 'Heat stack users'),
                ('trustee_domain', 'Magnum cluster trustees')):
            wanted = state.get(key)
            if wanted is None:
                continue
            domain = self.domain(wanted['domain'], description)
            domain_admin = self.user(wanted['username'], wanted['password'],
                                     domain=domain)
            self.grant('admin', domain_admin, domain=domain)

        for entry in state['catalog']:
            self.service(entry['type'], entry['name'], entry['url'])
        print('keystone: %d users, %d projects, %d catalog services ready'
              % (len(state['users']) + 1, len(projects),
                 len(state['catalog'])))


if __name__ == '__main__':
    with open(sys.argv[1], encoding='utf-8') as f:
        Bootstrap(json.load(f)).run()
