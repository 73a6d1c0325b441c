import pytest

from evaluation.servers import free_port
from webapp import create_app


@pytest.fixture
def app():
    # Nothing listens on this port: the app must cope with Rasa being down.
    return create_app({"TESTING": True, "RASA_URL": f"http://127.0.0.1:{free_port()}", "RASA_TIMEOUT_SECONDS": 2})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session_id(client):
    return client.post("/api/session").get_json()["session_id"]
