"""Request ids, JSON logs, Prometheus metrics and health checks shared by every process.

- `context`: the request id and conversation of the work in progress (contextvars), carried from the
  channel to Rasa (message metadata and X-Request-ID) and to the action server;
- `logs.configure_logging`: one JSON object per line when LOG_FORMAT=json;
- `metrics`: chat turn latency and counts, and the app database's queues, in Prometheus' text format;
- `web`: the Flask hooks (request ids); `action_server`: the rasa_sdk hook; `health_server`: a tiny
  /healthz for processes without HTTP (the notification dispatcher).
"""
