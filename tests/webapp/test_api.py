"""The public search and procedure API (on the shipped seed knowledge base)."""

import pytest


def test_search_finds_the_procedure_typed_without_accents(client):
    response = client.get("/api/search", query_string={"q": "dang ky tam tru can giay to gi", "k": 3})
    body = response.get_json()
    assert response.status_code == 200
    assert body["results"][0]["code"] == "1.004194"
    assert body["results"][0]["source_url"].startswith("https://dichvucong.gov.vn/")
    assert len(body["results"]) == 3 and body["decision"] == "answer"


def test_procedure_record_by_code(client):
    body = client.get("/api/procedures/1.004194").get_json()
    assert body["name"] == "Đăng ký tạm trú"
    assert [c["fee_vnd"] for c in body["channels"]] == [7000, 10000]


@pytest.mark.parametrize(
    ("params", "reason"),
    [({}, "Thiếu"), ({"q": "   "}, "Thiếu"), ({"q": "x" * 501}, "quá dài"),
     ({"q": "khai sinh", "k": "abc"}, "số nguyên"), ({"q": "khai sinh", "k": 0}, "từ 1")],
)
def test_bad_search_requests_get_400_with_a_reason(client, params, reason):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400 and reason in response.get_json()["error"]


def test_unknown_procedure_code_is_404(client):
    response = client.get("/api/procedures/0.000000")
    assert response.status_code == 404 and "Không tìm thấy" in response.get_json()["error"]
