"""A private PostgreSQL cluster and a private Redis on free ports, which the fault tests may stop and kill.

The shared PostgreSQL and Redis serve other test runs at the same time: they are never touched here.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from evaluation.servers import free_port

POSTGRES_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


class PrivatePostgres:
    """A throwaway cluster (trust authentication, no fsync) in a temp dir, run as `postgres` when we are root."""

    def __init__(self) -> None:
        if not POSTGRES_BIN:
            raise RuntimeError("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are needed")
        self.bin = Path(POSTGRES_BIN[-1])
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="chaos-pg-"))
        if os.geteuid() == 0:  # initdb refuses root
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(f"{self.bin / 'initdb'} -D {self.dir / 'data'} -A trust -E UTF8 --no-sync -U postgres")
        self.start()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -F -c listen_addresses=127.0.0.1"
        self._run(f"{self.bin / 'pg_ctl'} start -w -D {self.dir / 'data'} -l {self.dir / 'server.log'} -o '{options}'")

    def stop(self) -> None:
        """A fast shutdown (what a restart does): open connections are cut."""
        self._run(f"{self.bin / 'pg_ctl'} stop -w -m fast -D {self.dir / 'data'}")

    def create_database(self, name: str) -> None:
        self._run(f"{self.bin / 'createdb'} -h 127.0.0.1 -p {self.port} -U postgres {name}")

    def remove(self) -> None:
        self._run(f"{self.bin / 'pg_ctl'} stop -m immediate -D {self.dir / 'data'}", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _run(self, command: str, check: bool = True) -> None:
        argv = ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{result.stdout}{result.stderr}")


class PrivateRedis:
    """A Redis without persistence: killed, it comes back empty (as a restarted lock store may)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
