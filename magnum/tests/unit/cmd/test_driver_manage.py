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

from magnum.cmd import driver_manage


def test_list_drivers_without_drivers(capsys):
    assert driver_manage.main(['list-drivers', '--details']) == 0
    assert "No cluster drivers are installed." in capsys.readouterr().out


def test_unknown_command_is_refused(capsys):
    try:
        driver_manage.main(['frobnicate'])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("an unknown command must fail")
    assert "invalid choice" in capsys.readouterr().err
