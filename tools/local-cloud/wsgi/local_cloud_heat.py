"""Heat's API WSGI application for gunicorn, in the local cloud test bed.

Heat 27 ships no ``heat-api`` command.  Its WSGI module parses ``sys.argv``
with oslo.config, so the gunicorn options are replaced by the config file
named in LOCAL_CLOUD_HEAT_CONF.
"""

import os
import sys

sys.argv = ['heat-api', '--config-file', os.environ['LOCAL_CLOUD_HEAT_CONF']]

from heat.wsgi.api import application  # noqa: E402,F401
