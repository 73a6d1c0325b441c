"""`python -m webapp`: the development server used by `make run`."""

import os

from webapp import create_app

create_app().run(host="127.0.0.1", port=int(os.environ.get("WEB_PORT", "8000")), threaded=True)
