"""`python -m deployment prepare|render`: set up and describe the production profile (docs/DEPLOYMENT.md).

prepare  creates the two PostgreSQL databases when missing, then migrates and seeds the app database
         (the same `knowledge init-db` as `make run`) and checks that Redis answers;
render   writes var/prod/{Procfile,env,nginx/nginx.conf} for RASA_REPLICAS, ACTION_SERVERS, DISPATCHERS...
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import psycopg
import redis

from deployment.topology import STATE_DIR, Database, Topology, write_files
from storage.database import REPO_ROOT


def prepare(_: argparse.Namespace) -> int:
    database = Database.from_env()
    try:
        with psycopg.connect(host=database.host, port=database.port, user=database.user,
                             password=database.password or None, dbname="postgres", autocommit=True) as connection:
            existing = {row[0] for row in connection.execute("SELECT datname FROM pg_database")}
            for name in (database.app_db, database.tracker_db):
                if name not in existing:
                    connection.execute(f'CREATE DATABASE "{name}"')
                    print(f"created database {name}")
    except psycopg.OperationalError as error:
        print(f"PostgreSQL at {database.host}:{database.port} is not reachable: {error}", file=sys.stderr)
        return 1
    settings = Topology.from_env().environment()
    try:
        redis.Redis(host=settings["REDIS_HOST"], port=int(settings["REDIS_PORT"]), socket_timeout=2).ping()
    except redis.RedisError as error:
        print(f"Redis at {settings['REDIS_HOST']}:{settings['REDIS_PORT']} is not reachable: {error}", file=sys.stderr)
        return 1
    env = {**os.environ, "APP_DATABASE_URL": settings["APP_DATABASE_URL"]}
    for command in ("init-db", "build-index"):
        subprocess.run([sys.executable, "-m", "knowledge", command], cwd=REPO_ROOT, env=env, check=True)
    return 0


def render(_: argparse.Namespace) -> int:
    """Refuses (before anything starts) the settings the web app would refuse in this profile."""
    from webapp.security import setting_problems

    topology = Topology.from_env()
    settings = topology.environment()
    problems = setting_problems(settings)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    procfile = write_files(topology)
    print(f"{procfile}: {topology.rasa_replicas} Rasa replica(s), {topology.action_servers} action server(s), "
          f"{topology.dispatchers} dispatcher(s), {topology.web_workers} web worker(s) behind nginx on "
          f"{topology.web_port}/{topology.rasa_port}/{topology.actions_port}")
    print(f"Chat bubble allowed on: {settings['WIDGET_FRAME_ANCESTORS']} (WIDGET_FRAME_ANCESTORS); "
          f"/metrics token: {STATE_DIR / 'metrics_token'}, unless METRICS_TOKEN is set")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m deployment", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(required=True)
    commands.add_parser("prepare", help="create and migrate the databases").set_defaults(run=prepare)
    commands.add_parser("render", help="write var/prod/").set_defaults(run=render)
    args = parser.parse_args()
    sys.exit(args.run(args))


if __name__ == "__main__":
    main()
