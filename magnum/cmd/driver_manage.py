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
declares the (server_type, os, coe) combinations it provides.
"""

import argparse
import sys

from stevedore import extension

DRIVER_NAMESPACE = 'magnum.drivers'


def _load_drivers():
    manager = extension.ExtensionManager(
        namespace=DRIVER_NAMESPACE, invoke_on_load=False,
        on_load_failure_callback=_report_load_failure)
    return sorted(manager.extensions, key=lambda ext: ext.name)


def _report_load_failure(manager, entrypoint, error):
    sys.stderr.write("could not load driver %s: %s\n" % (entrypoint.name, error))


def _describe(ext, details, paths):
    lines = [ext.name]
    if details:
        for provided in getattr(ext.plugin, 'provides', None) or []:
            lines.append("  provides: server_type=%(server_type)s os=%(os)s "
                         "coe=%(coe)s" % provided)
    if paths:
        module = sys.modules.get(ext.plugin.__module__)
        lines.append("  path: %s" % getattr(module, '__file__', '?'))
    return lines


def list_drivers(args):
    drivers = _load_drivers()
    if not drivers:
        print("No cluster drivers are installed.")
        return 0
    for ext in drivers:
        print("\n".join(_describe(ext, args.details, args.paths)))
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog='magnum-driver-manage',
        description="Inspect the cluster drivers Magnum can load.")
    commands = parser.add_subparsers(dest='command', required=True)
    listing = commands.add_parser('list-drivers',
                                  help="List the installed drivers.")
    listing.add_argument('-d', '--details', action='store_true',
                         help="Also show what each driver provides.")
    listing.add_argument('-p', '--paths', action='store_true',
                         help="Also show where each driver is loaded from.")
    listing.set_defaults(func=list_drivers)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == '__main__':
    sys.exit(main())
