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

"""Stack files read from disk once per process, generated ones per call."""

import os

import pytest

from magnum.drivers.heat import driver as heat_driver

MAIN = '''heat_template_version: 2021-04-16
resources:
  nested:
    type: nested.yaml
  config:
    type: OS::Heat::SoftwareConfig
    properties:
      config: {get_file: "magnum:generated/config"}
'''

NESTED = '''heat_template_version: 2021-04-16
resources:
  script:
    type: OS::Heat::SoftwareConfig
    properties:
      config: {get_file: fragment.sh}
'''

ENV = '''resource_registry:
  "Magnum::Optional": nested.yaml
'''


@pytest.fixture
def templates(tmp_path):
    (tmp_path / 'main.yaml').write_text(MAIN)
    (tmp_path / 'nested.yaml').write_text(NESTED)
    (tmp_path / 'fragment.sh').write_text('echo one\n')
    (tmp_path / 'env.yaml').write_text(ENV)
    return tmp_path


def render(templates, generated):
    return heat_driver.render_stack_files(
        str(templates / 'main.yaml'), [str(templates / 'env.yaml')],
        generated)


def by_suffix(files, suffix):
    return [value for name, value in files.items() if name.endswith(suffix)]


def test_files_from_disk_and_generated_ones(templates):
    template, files, environment = render(
        templates, {'magnum:generated/config': 'first'})
    assert files['magnum:generated/config'] == 'first'
    assert by_suffix(files, '/fragment.sh') == [b'echo one\n']
    assert by_suffix(files, '/nested.yaml')
    assert template['resources']['config']['properties']['config'] == {
        'get_file': 'magnum:generated/config'}
    assert list(environment['resource_registry']) == ['Magnum::Optional']


def test_generated_content_is_taken_on_every_call(templates):
    render(templates, {'magnum:generated/config': 'first'})
    _, files, _ = render(templates, {'magnum:generated/config': 'second'})
    assert files['magnum:generated/config'] == 'second'


def test_disk_is_read_once_per_process(templates):
    first = render(templates, {'magnum:generated/config': 'x'})
    (templates / 'fragment.sh').write_text('echo two\n')
    os.utime(templates / 'fragment.sh')
    _, files, _ = render(templates, {'magnum:generated/config': 'x'})
    assert by_suffix(files, '/fragment.sh') == [b'echo one\n']
    # Each caller gets its own files map.
    files['extra'] = 'mine'
    assert 'extra' not in first[1]
    assert 'extra' not in render(templates,
                                 {'magnum:generated/config': 'x'})[1]
