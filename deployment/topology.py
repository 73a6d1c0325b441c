"""The production profile on one machine: what runs, on which ports, with which settings.

nginx keeps the ports of `make run` (web 8000, Rasa 5005, actions 5055) and spreads each over its
backends: gunicorn for the web app, N Rasa replicas sharing the PostgreSQL tracker store and the Redis
lock store, M action servers. Several notification dispatchers share the outbox (SKIP LOCKED).
`python -m deployment render` writes the nginx config, the Procfile and the environment under
var/prod/; `make run-prod` starts them with honcho. docs/DEPLOYMENT.md explains each part.
"""

from __future__ import annotations

import os
import secrets
import shlex
from dataclasses import dataclass
from pathlib import Path

from storage.database import REPO_ROOT

STATE_DIR = REPO_ROOT / "var" / "prod"
NGINX_TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX_TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
OVERRIDABLE = {"RATELIMIT_STORAGE_URI", "LOG_FORMAT", "RASA_LOCK_PREFIX", "RASA_LOCK_REDIS_DB", "TRUST_PROXY_HEADERS",
               "WIDGET_FRAME_ANCESTORS", "METRICS_TOKEN", "RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN"}
# Only this site may frame the chat until the operator names the ward websites that embed the bubble; the
# app refuses `*` (any site) in this profile (webapp.security).
PROFILE_FRAME_ANCESTORS = "'self'"
# Secrets generated once under the state directory (0600) unless the environment sets them: what Prometheus
# must send to /metrics, the token of Rasa's HTTP API (`rasa run --auth-token`) and the secret Rasa sends to
# the action servers (actions/endpoint_auth.py).
GENERATED_SECRETS = ("METRICS_TOKEN", "RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN")


@dataclass(frozen=True)
class Topology:
    rasa_replicas: int = 2
    action_servers: int = 2
    dispatchers: int = 2
    web_workers: int = 2  # gunicorn processes, each with WEB_THREADS threads
    web_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    backend_base_port: int = 18000  # web backend on base, Rasa replicas from base+10, action servers from base+20

    @classmethod
    def from_env(cls, env: os._Environ | dict = os.environ) -> Topology:
        def number(name: str, default: int) -> int:
            return int(env.get(name) or default)

        return cls(rasa_replicas=number("RASA_REPLICAS", 2), action_servers=number("ACTION_SERVERS", 2),
                   dispatchers=number("DISPATCHERS", 2), web_workers=number("WEB_WORKERS", 2),
                   web_port=number("WEB_PORT", 8000), rasa_port=number("RASA_PORT", 5005),
                   actions_port=number("ACTIONS_PORT", 5055), backend_base_port=number("BACKEND_BASE_PORT", 18000))

    def __post_init__(self) -> None:
        if not (1 <= self.rasa_replicas <= 9 and 1 <= self.action_servers <= 9 and 1 <= self.dispatchers <= 9):
            raise ValueError("1 to 9 Rasa replicas, action servers and dispatchers")

    @property
    def web_backend_port(self) -> int:
        return self.backend_base_port

    @property
    def rasa_backend_ports(self) -> list[int]:
        return [self.backend_base_port + 10 + index for index in range(self.rasa_replicas)]

    @property
    def action_backend_ports(self) -> list[int]:
        return [self.backend_base_port + 20 + index for index in range(self.action_servers)]

    def nginx_conf(self, state_dir: Path = STATE_DIR) -> str:
        def servers(ports: list[int]) -> str:
            return "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports)

        return NGINX_TEMPLATE.read_text().format(
            state_dir=state_dir, web_port=self.web_port, rasa_port=self.rasa_port, actions_port=self.actions_port,
            web_servers=servers([self.web_backend_port]), rasa_servers=servers(self.rasa_backend_ports),
            action_servers=servers(self.action_backend_ports))

    def procfile(self, state_dir: Path = STATE_DIR, telegram: bool = False) -> str:
        """One line per process, for honcho (`-f` this file, `-e` the environment file)."""
        model = REPO_ROOT / "var" / "models" / "assistant.tar.gz"
        lines = [f"nginx: nginx -e stderr -p {state_dir}/nginx -c {state_dir}/nginx/nginx.conf -g 'daemon off;'",
                 "web: .venv/bin/gunicorn --config deployment/gunicorn.conf.py 'webapp:create_app()'"]
        lines += [f"rasa{index + 1}: .venv-rasa/bin/rasa run --enable-api --model {model} "
                  f"--endpoints bot/endpoints.prod.yml --credentials bot/credentials.yml --port {port} "
                  "--interface 127.0.0.1 --auth-token=$RASA_AUTH_TOKEN"
                  for index, port in enumerate(self.rasa_backend_ports)]
        lines += [f"actions{index + 1}: SANIC_HOST=127.0.0.1 .venv/bin/python -m rasa_sdk --actions actions "
                  f"--port {port}" for index, port in enumerate(self.action_backend_ports)]
        lines += [f"notify{index + 1}: .venv/bin/python -m notifications dispatch" for index in range(self.dispatchers)]
        if telegram:
            lines.append("telegram: .venv/bin/python -m channels.telegram_bot")
        return "\n".join(lines) + "\n"

    def environment(self, env: os._Environ | dict = os.environ, state_dir: Path = STATE_DIR) -> dict[str, str]:
        """The settings every process gets. The wiring follows the topology and `Database` (POSTGRES_*,
        *_DB_NAME, REDIS_*), never the single-process names `make run` exports (RASA_URL, RASA_TRACKER_DB…);
        only OVERRIDABLE settings are taken from the environment as they are. APP_ENV=production makes
        the web app refuse unsafe settings (webapp.security); GENERATED_SECRETS, unless set, are generated
        once into the state directory."""
        database = Database.from_env(env)
        redis_host, redis_port = env.get("REDIS_HOST") or "127.0.0.1", env.get("REDIS_PORT") or "6379"
        defaults = {
            "APP_DATABASE_URL": database.url(database.app_db),
            "RASA_TRACKER_HOST": database.host, "RASA_TRACKER_PORT": database.port,
            "RASA_TRACKER_DB": database.tracker_db, "RASA_TRACKER_USER": database.user,
            "RASA_TRACKER_PASSWORD": database.password,
            "TRACKER_STORE_URL": database.url(database.tracker_db, driver="psycopg"),  # the dashboard reads it
            "REDIS_HOST": redis_host, "REDIS_PORT": redis_port, "RASA_LOCK_REDIS_DB": "1",
            "RASA_LOCK_PREFIX": "lock", "RATELIMIT_STORAGE_URI": f"redis://{redis_host}:{redis_port}/2",
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
            "RASA_URL": f"http://127.0.0.1:{self.rasa_port}",
            "WEB_BACKEND_PORT": str(self.web_backend_port), "WEB_WORKERS": str(self.web_workers),
            "APP_ENV": "production", "TRUST_PROXY_HEADERS": "1",  # nginx in front: one proxy
            "WIDGET_FRAME_ANCESTORS": PROFILE_FRAME_ANCESTORS, "METRICS_TOKEN": "", "RASA_AUTH_TOKEN": "",
            "ACTION_SERVER_TOKEN": "",
            "PROMETHEUS_MULTIPROC_DIR": str(state_dir / "metrics"),
            "LOG_FORMAT": "json", "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "HF_HUB_OFFLINE": "1",
        }
        settings = {name: str(env.get(name) or value) if name in OVERRIDABLE else value
                    for name, value in defaults.items()}
        for name in GENERATED_SECRETS:
            settings[name] = settings[name] or generated_secret(name, state_dir)
        return settings


def generated_secret(name: str, state_dir: Path = STATE_DIR) -> str:
    """A secret of the profile: generated once, kept readable by this user only."""
    path = state_dir / name.lower()
    if not path.exists():
        state_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


@dataclass(frozen=True)
class Database:
    """The PostgreSQL server of the profile and its two databases (the app's and Rasa's tracker store)."""

    host: str = "127.0.0.1"
    port: str = "5432"
    user: str = "postgres"
    password: str = ""
    app_db: str = "citizen_assistant"
    tracker_db: str = "citizen_assistant_tracker"

    @classmethod
    def from_env(cls, env: os._Environ | dict = os.environ) -> Database:
        return cls(host=env.get("POSTGRES_HOST") or cls.host, port=env.get("POSTGRES_PORT") or cls.port,
                   user=env.get("POSTGRES_USER") or cls.user, password=env.get("POSTGRES_PASSWORD") or "",
                   app_db=env.get("APP_DB_NAME") or cls.app_db, tracker_db=env.get("TRACKER_DB_NAME") or cls.tracker_db)

    def url(self, name: str, driver: str = "psycopg") -> str:
        credentials = f"{self.user}:{self.password}" if self.password else self.user
        return f"postgresql+{driver}://{credentials}@{self.host}:{self.port}/{name}"


def write_files(topology: Topology, state_dir: Path = STATE_DIR, env: os._Environ | dict = os.environ) -> Path:
    """The nginx config, the Procfile and the environment file under `state_dir`; the Procfile's path."""
    nginx_dir = state_dir / "nginx"
    for name in NGINX_TEMP_DIRS:  # started as root, nginx's workers run as "nobody": let them write a big photo
        (nginx_dir / name).mkdir(parents=True, exist_ok=True)
        (nginx_dir / name).chmod(0o1777)
    metrics_dir = state_dir / "metrics"
    metrics_dir.mkdir(parents=True, exist_ok=True)
    for stale in metrics_dir.glob("*.db"):  # prometheus multiprocess files of the last run
        stale.unlink()
    (nginx_dir / "nginx.conf").write_text(topology.nginx_conf(state_dir))
    procfile = state_dir / "Procfile"
    procfile.write_text(topology.procfile(state_dir, telegram=bool(env.get("TELEGRAM_BOT_TOKEN"))))
    settings = topology.environment(env, state_dir)
    env_file = state_dir / "env"  # secrets (METRICS_TOKEN, the database password in its URL): this user only
    env_file.touch(mode=0o600)
    env_file.chmod(0o600)
    env_file.write_text("".join(f"{name}={shlex.quote(value)}\n" for name, value in settings.items()))
    return procfile
