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

"""``[fake_driver]`` options: the in-tree test driver's control files."""

from oslo_config import cfg

fake_driver_group = cfg.OptGroup(
    name='fake_driver',
    title='Fake cluster driver',
    help='Options of the "fake" cluster driver, a beta driver that builds '
         'nothing and is meant for development and for end-to-end tests of '
         'the conductor. It is only used when "fake" is listed in '
         '[drivers] enabled_beta_drivers.')

fake_driver_opts = [
    cfg.StrOpt(
        'behaviour_file',
        help='JSON file telling the fake driver how each operation behaves: '
             'how many status polls or seconds it takes, whether it ends '
             'COMPLETE or FAILED and with which reason, whether the call '
             'itself raises, or whether it never finishes. Re-read on every '
             'call, so tests may change it while the service runs. When '
             'unset or missing, every operation completes on the first '
             'status poll.'),
    cfg.StrOpt(
        'calls_file',
        help='File the fake driver appends one JSON line to for every call '
             'it receives, so tests running in another process can see what '
             'the conductor asked for. When unset, calls are only recorded '
             'in memory.'),
    cfg.StrOpt(
        'state_file',
        help='JSON file in which the fake driver keeps the progress of every '
             'cluster it drives, so that progress survives a restart of the '
             'conductor. When unset, a file named fake-driver-state.json '
             'next to behaviour_file is used; when behaviour_file is unset '
             'too, progress is kept in memory only.'),
]


def register_opts(conf):
    conf.register_group(fake_driver_group)
    conf.register_opts(fake_driver_opts, group=fake_driver_group)


def list_opts():
    return {fake_driver_group: fake_driver_opts}
