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

"""`magnum-driver-manage`: what cluster drivers this installation has.

Drivers are Python entry points in the ``magnum.drivers`` group; each
declares the (server_type, os, coe) combinations it provides. The listing
honours ``[drivers] disabled_drivers`` and ``enabled_beta_drivers`` from
Magnum's configuration files.
"""

import argparse
import sys

import magnum.conf
from magnum.drivers.common import registry

CONF = magnum.conf.CONF


def _flags(info):
    if not getattr(info.cls, 'beta', False):
        return ''
    if info.name in (CONF.drivers.enabled_beta_drivers or ()):
        return ' (beta)'
    return ' (beta, not enabled)'


def _describe(info, details, paths):
    lines = [info.name + _flags(info)]
    if details:
        for server_type, os, coe in info.provides:
            lines.append("  provides: server_type=%s os=%s coe=%s"
                         % (server_type, os, coe))
    if paths:
        module = sys.modules.get(info.cls.__module__)
        lines.append("  path: %s" % getattr(module, '__file__', '?'))
    return lines


def list_drivers(args):
    drivers = registry.list_drivers()
    if not drivers:
        disabled = registry.list_drivers(include_disabled=True)
        if disabled:
            print("All installed cluster drivers are disabled by [drivers] "
                  "disabled_drivers: %s."
                  % ", ".join(info.name for info in disabled))
        else:
            print("No cluster drivers are installed.")
        return 0
    for info in drivers:
        print("\n".join(_describe(info, args.details, args.paths)))
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog='magnum-driver-manage',
        description="Inspect the cluster drivers Magnum can load.")
    parser.add_argument('--config-file', action='append', metavar='PATH',
                        help="Magnum configuration file to read (repeatable;"
                             " default: the usual magnum.conf locations).")
    commands = parser.add_subparsers(dest='command', required=True)
    listing = commands.add_parser(
        'list-drivers', help="List the installed drivers that are not "
                             "disabled.")
    listing.add_argument('-d', '--details', action='store_true',
                         help="Also show what each driver provides.")
    listing.add_argument('-p', '--paths', action='store_true',
                         help="Also show where each driver is loaded from.")
    listing.set_defaults(func=list_drivers)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    CONF([], project='magnum', default_config_files=args.config_file)
    return args.func(args)


if __name__ == '__main__':
    sys.exit(main())
