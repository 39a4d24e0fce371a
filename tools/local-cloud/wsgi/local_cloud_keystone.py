"""Keystone's WSGI application for gunicorn, in the local cloud test bed.

oslo.config parses ``sys.argv`` while the application loads; under gunicorn
that holds gunicorn's own options, so keystone would refuse them.  The config
file comes from OS_KEYSTONE_CONFIG_DIR / OS_KEYSTONE_CONFIG_FILES instead.
"""

import sys

sys.argv = [sys.argv[0]]

from keystone.wsgi.api import application  # noqa: E402,F401
