"""Errors that happen before any view runs answer in the caller's format, never an HTML page to an API client."""

import pytest

from webapp import create_app


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/chat"), ("PUT", "/api/session"),
                                              ("GET", "/api/procedures/a%2Fb"), ("GET", "/webhooks/zalo")])
def test_the_json_apis_answer_json(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code in (404, 405) and response.is_json and response.get_json()["error"]


def test_open311_answers_its_error_document_for_a_wrong_method_and_a_rate_limit(tmp_path):
    app = create_app({"TESTING": True, "APP_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
                      "RATELIMIT_OPEN311": "1/minute"})
    client = app.test_client()
    wrong = client.delete("/open311/v2/requests.json")
    assert wrong.status_code == 405 and wrong.get_json() == [{"code": 405, "description": "method not allowed"}]
    first = client.post("/open311/v2/requests.xml", data={})
    limited = client.post("/open311/v2/requests.xml", data={})
    assert first.status_code != 429 and limited.status_code == 429 and limited.content_type.startswith("text/xml")
    assert b"<code>429</code>" in limited.data and limited.headers["Retry-After"]


def test_pages_keep_flasks_page(client):
    assert client.get("/no-such-page").content_type.startswith("text/html")
