"""JSON log lines (LOG_FORMAT=json): one object per line, for a log collector to parse.

Each line has time (UTC, ISO 8601), level, logger, message, process (which of our processes), pid,
and, when known, request_id and conversation (a keyed hash, never the raw sender id). Without
LOG_FORMAT=json each process keeps its usual human-readable lines (`make run`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.config
import os

from observability import context


def json_enabled() -> bool:
    return os.environ.get("LOG_FORMAT", "").lower() == "json"


class ContextFilter(logging.Filter):
    """Adds the request id and conversation of the work in progress to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.request_id.get()
        record.conversation = context.conversation.get()
        return True


class JsonFormatter(logging.Formatter):
    def __init__(self, process_name: str) -> None:
        super().__init__()
        self.process_name = process_name

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": self.process_name,
            "pid": record.process,
        }
        for field in ("request_id", "conversation"):
            value = getattr(record, field, None)
            if value:
                line[field] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def logging_config(process_name: str, level: str | None = None) -> dict:
    """A `logging.config.dictConfig` dict: every line through one JSON handler on stderr.

    gunicorn takes it as `logconfig_dict`, so its own error and access lines are JSON too.
    """
    handler = {"class": "logging.StreamHandler", "formatter": "json", "filters": ["context"],
               "stream": "ext://sys.stderr"}
    through_root = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"json": {"()": JsonFormatter, "process_name": process_name}},
        "handlers": {"json": handler},
        "root": {"level": level or os.environ.get("LOG_LEVEL", "INFO"), "handlers": ["json"]},
        # Libraries that bring their own handlers (gunicorn, Sanic) log through the root's instead.
        "loggers": {name: through_root for name in ("gunicorn.error", "gunicorn.access", "sanic.root",
                                                    "sanic.error", "sanic.access")},
    }


def configure_logging(process_name: str) -> bool:
    """JSON lines on stderr when LOG_FORMAT=json (True); otherwise the process's usual logging is left as is."""
    if not json_enabled():
        return False
    logging.config.dictConfig(logging_config(process_name))
    return True
