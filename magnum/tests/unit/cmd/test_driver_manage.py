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

import importlib.metadata

import pytest

from magnum.cmd import driver_manage
import magnum.conf
from magnum.drivers.common import registry
from magnum.drivers.fake import driver as fake_driver


@pytest.fixture(autouse=True)
def clean_state():
    registry.reset()
    yield
    registry.reset()
    magnum.conf.CONF.clear()


@pytest.fixture
def config(tmp_path):
    def write(text):
        path = tmp_path / 'magnum.conf'
        path.write_text(text)
        return ['--config-file', str(path)]
    return write


def test_installed_fake_driver_is_listed_with_details(capsys, config):
    assert driver_manage.main(config('') + ['list-drivers', '--details']) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index('fake (beta, not enabled)')
    assert out[start + 1:start + 4] == [
        '  provides: server_type=vm os=fedora-coreos coe=kubernetes',
        '  provides: server_type=vm os=ubuntu coe=mesos',
        '  provides: server_type=vm os=fedora-coreos coe=swarm-mode',
    ]


def test_plain_listing_has_names_only(capsys, config):
    assert driver_manage.main(config('') + ['list-drivers']) == 0
    out = capsys.readouterr().out
    assert 'fake (beta, not enabled)' in out.splitlines()
    assert 'provides:' not in out and 'path:' not in out


def test_paths(capsys, config):
    assert driver_manage.main(config('') + ['list-drivers', '-p']) == 0
    assert '  path: %s' % fake_driver.__file__ in \
        capsys.readouterr().out.splitlines()


def test_enabled_beta_driver_is_marked_beta(capsys, config):
    args = config('[drivers]\nenabled_beta_drivers = fake\n')
    assert driver_manage.main(args + ['list-drivers']) == 0
    assert 'fake (beta)' in capsys.readouterr().out.splitlines()


def test_disabled_drivers_are_not_listed(capsys, config):
    args = config('[drivers]\ndisabled_drivers = fake\n')
    assert driver_manage.main(args + ['list-drivers', '--details']) == 0
    out = capsys.readouterr().out
    assert 'fake' not in out


def test_all_drivers_disabled_says_so(capsys, config):
    installed = sorted(
        ep.name for ep in importlib.metadata.entry_points(
            group='magnum.drivers'))
    assert 'fake' in installed
    args = config('[drivers]\ndisabled_drivers = %s\n' % ','.join(installed))
    assert driver_manage.main(args + ['list-drivers', '--details']) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "All installed cluster drivers are disabled by [drivers] "
        "disabled_drivers: %s." % ", ".join(installed)]


def test_unknown_command_is_refused(capsys):
    with pytest.raises(SystemExit) as exc:
        driver_manage.main(['frobnicate'])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
