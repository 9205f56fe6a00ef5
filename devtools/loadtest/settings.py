"""Production settings for the load test, which runs over plain HTTP on loopback.

The differences from production: cookies are not marked Secure, since there is no TLS
on 127.0.0.1 (a client does not send a Secure cookie over HTTP, so no one could sign in), and
the development tools are installed (run.sh generates the data with `generate_scale_data`).
Static files are collected into a temporary directory rather than the checkout.
"""

import os
from pathlib import Path

from send_tracker import settings as production
from send_tracker.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
if "LOADTEST_STATIC_ROOT" in os.environ:
    STATIC_ROOT = Path(os.environ["LOADTEST_STATIC_ROOT"])
if "devtools" not in production.INSTALLED_APPS:
    INSTALLED_APPS = [*production.INSTALLED_APPS, "devtools"]
