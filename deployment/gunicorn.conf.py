"""gunicorn settings of the web app in the production profile (`make run-prod`, docs/DEPLOYMENT.md).

Threads, not only processes: a chat turn waits on Rasa for most of its time, so each worker serves
several residents at once. The settings come from the environment written by `python -m deployment render`.
"""

import os

from observability.logs import json_enabled, logging_config

bind = f"127.0.0.1:{os.environ.get('WEB_BACKEND_PORT', '18000')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "16"))
timeout = 60
graceful_timeout = 20
keepalive = 5
accesslog = None  # nginx in front; the app logs what matters

if json_enabled():
    logconfig_dict = logging_config("web")  # gunicorn's own lines as JSON, like the app's
