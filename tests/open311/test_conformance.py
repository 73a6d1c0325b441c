"""GeoReport v2 conformance, from the spec: every resource in JSON and XML, fields, errors, filters, paging."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from open311.keys import add_key, revoke_key
from storage.database import session_scope, utcnow
from tests.open311.conftest import JURISDICTION
from urban_reports.categories import categories
from urban_reports.models import Report
from urban_reports.service import change_status

BASE = "/open311/v2"
FORMATS = ["json", "xml"]
REQUEST_FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"]
FORM = {"service_code": "garbage", "lat": "10.7725", "long": "106.6980", "description": "Rác chất đống trước chợ",
        "phone": "0912 345 678", "attribute[waste_type]": "household"}


def records(response, fmt):
    """JSON: the document; XML: the root's children as {tag: text} (the spec's lists of records)."""
    if fmt == "json":
        assert response.content_type == "application/json; charset=utf-8"
        return response.get_json()
    assert response.content_type == "text/xml; charset=utf-8"
    assert response.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return [{child.tag: child.text for child in item} for item in ET.fromstring(response.data)]


def error_of(response, fmt):
    """(code, description) of the one error in the spec's error document."""
    [error] = records(response, fmt)
    return int(error["code"]), error["description"]


def post(client, api_key, fmt="json", **fields):
    form = {key: value for key, value in (FORM | {"api_key": api_key} | fields).items() if value is not None}
    return client.post(f"{BASE}/requests.{fmt}", data=form)


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_v2_endpoint_and_both_formats(client, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        [endpoint] = response.get_json()["endpoints"]
        assert endpoint["formats"] == ["text/xml", "application/json"]
    else:
        endpoint = {child.tag: child for child in ET.fromstring(response.data).find("endpoints/endpoint")}
        assert [f.text for f in endpoint["formats"]] == ["text/xml", "application/json"]
        endpoint = {tag: element.text for tag, element in endpoint.items()}
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == f"http://localhost{BASE}" and endpoint["type"] == "production"


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_list_every_category_in_vietnamese(client, fmt):
    response = client.get(f"{BASE}/services.{fmt}")
    services = records(response, fmt)
    assert [s["service_code"] for s in services] == list(categories())
    garbage = next(s for s in services if s["service_code"] == "garbage")
    assert set(garbage) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert garbage["service_name"] == categories()["garbage"].name["vi"]
    assert str(garbage["metadata"]).lower() == "true" and garbage["type"] == "realtime"
    assert categories()["garbage"].name["vi"].encode() in response.data  # UTF-8, not escaped


def test_services_xml_uses_the_spec_element_names(client):
    root = ET.fromstring(client.get(f"{BASE}/services.xml").data)
    assert root.tag == "services" and {child.tag for child in root} == {"service"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_definition_lists_its_attributes_with_values(client, fmt):
    response = client.get(f"{BASE}/services/sidewalk.{fmt}")
    assert response.status_code == 200
    expected = categories()["sidewalk"].attributes[0]
    if fmt == "json":
        definition = response.get_json()
        [attribute] = definition["attributes"]
        values = attribute.pop("values")
    else:
        definition = ET.fromstring(response.data)
        assert definition.tag == "service_definition"
        definition = {"service_code": definition.findtext("service_code"), "element": definition}
        element = definition["element"].find("attributes/attribute")
        values = [{"key": v.findtext("key"), "name": v.findtext("name")} for v in element.find("values")]
        attribute = {child.tag: child.text for child in element if child.tag != "values"}
    assert definition["service_code"] == "sidewalk"
    assert set(attribute) == {"variable", "code", "datatype", "required", "datatype_description", "order",
                              "description"}
    assert attribute["code"] == expected.code and attribute["datatype"] == "singlevaluelist"
    assert str(attribute["required"]).lower() == "false" and str(attribute["order"]) == "1"
    assert attribute["description"] == expected.description["vi"]
    assert values == [{"key": v.key, "name": v.name["vi"]} for v in expected.values]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_service_code_is_a_404_in_the_spec_error_format(client, fmt):
    response = client.get(f"{BASE}/services/potholes.{fmt}")
    assert response.status_code == 404
    assert error_of(response, fmt) == (404, "service_code potholes was not found")
    if fmt == "xml":
        assert ET.fromstring(response.data).tag == "errors"


@pytest.mark.parametrize("fmt", FORMATS)
def test_filing_needs_a_valid_api_key(client, db_url, fmt):
    with session_scope(db_url) as session:
        revoked_row, revoked = add_key(session, "old app")
        revoke_key(session, revoked_row.id)
    for key in (None, "not-a-key", revoked):
        response = post(client, key, fmt)
        assert response.status_code == 403 and error_of(response, fmt)[0] == 403
    with session_scope(db_url) as session:
        assert session.scalars(select(Report)).all() == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_filed_request_gets_a_report_code_and_reads_back(client, api_key, db_url, fmt):
    response = post(client, api_key, fmt)
    assert response.status_code == 200
    [filed] = records(response, fmt)
    code = filed["service_request_id"]
    assert code.startswith("PA-") and filed["service_notice"].startswith("Phường sẽ phản hồi trước")
    with session_scope(db_url) as session:
        report = session.scalar(select(Report))
        assert (report.code, report.conversation_id, report.contact_phone) == (code, None, "0912345678")
        assert report.attributes == {"waste_type": "household"} and report.handling_unit == "UBND phường"
    [read] = records(client.get(f"{BASE}/requests/{code}.{fmt}"), fmt)
    assert list(read) == REQUEST_FIELDS
    assert read["status"] == "open" and read["status_notes"] == "Đã tiếp nhận"
    assert read["service_code"] == "garbage" and read["description"] == FORM["description"]
    assert read["agency_responsible"] == "UBND phường"
    assert read["requested_datetime"].endswith("+07:00") and read["expected_datetime"].endswith("+07:00")
    assert float(read["lat"]) == pytest.approx(10.7725, abs=0.0006) and float(read["long"]) == 106.698
    assert read["media_url"] is None
    assert b"0912" not in client.get(f"{BASE}/requests/{code}.{fmt}").data


def test_an_address_is_enough_and_its_ward_is_detected(client, api_key, db_url):
    response = post(client, api_key, lat=None, long=None, address_string="12 Lê Lợi, phường Bến Thành")
    code = response.get_json()[0]["service_request_id"]
    with session_scope(db_url) as session:
        report = session.scalar(select(Report))
        assert (report.latitude, report.ward) == (None, "Phường Bến Thành")
    read = client.get(f"{BASE}/requests/{code}.json").get_json()[0]
    assert read["address"] == "12 Lê Lợi, phường Bến Thành" and read["lat"] is None


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("fields", "status", "words"), [
    ({"service_code": None}, 400, "service_code was not provided"),
    ({"service_code": "potholes"}, 404, "service_code potholes was not found"),
    ({"lat": None, "long": None}, 400, "location was not provided"),
    ({"long": None}, 400, "lat and long"),
    ({"lat": "21.0285", "long": "105.8542"}, 400, ""),  # Hà Nội: outside the city
    ({"attribute[waste_type]": "uranium"}, 400, "waste_type"),
    ({"attribute[colour]": "red"}, 400, "colour"),
    ({"phone": "12345"}, 400, ""),
    ({"service_code": "other", "phone": None}, 400, ""),  # this category takes no anonymous reports
    ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ({"description": " "}, 400, ""),
])
def test_bad_requests_are_refused_with_the_reason(client, api_key, db_url, fmt, fields, status, words):
    response = post(client, api_key, fmt, **fields)
    assert response.status_code == status
    code, description = error_of(response, fmt)
    assert code == status and words in description and description
    with session_scope(db_url) as session:
        assert session.scalars(select(Report)).all() == []


def test_media_url_and_attribute_lists_are_kept(client, api_key, db_url):
    response = post(client, api_key, media_url="https://example.org/anh.jpg", **{"attribute[waste_type]": None},
                    **{"attribute[waste_type][]": "construction"})
    assert response.status_code == 200
    with session_scope(db_url) as session:
        report = session.scalar(select(Report))
        assert report.description.endswith("Ảnh: https://example.org/anh.jpg")
        assert report.attributes == {"waste_type": "construction"}


def test_the_public_list_rounds_coordinates_and_masks_names(client, file, db_url):
    code = file(utcnow(), description="Nhà ông Nguyễn Văn Tám đổ rác ra đường Cô Giang, chị Hoa bán hàng lấn vỉa hè")
    with session_scope(db_url) as session:
        report = session.scalar(select(Report).where(Report.code == code))
        report.latitude, report.longitude = 10.7725431, 106.6980219
        change_status(session, code, "in_progress", staff_reply="Đã liên hệ anh Trần Minh, tổ trưởng")
    read = client.get(f"{BASE}/requests/{code}.json").get_json()[0]
    assert "Tám" not in read["description"] and "Hoa" not in read["description"]
    assert "ông [tên]" in read["description"] and "đường Cô Giang" in read["description"]
    assert "Trần Minh" not in read["status_notes"]
    assert (read["lat"], read["long"]) == (10.773, 106.698)


def test_personal_data_typed_in_the_description_is_masked_and_staff_replies_are_shown(client, file, db_url):
    code = file(utcnow(), description="Rác đầy hẻm, gọi tôi 0987654321")
    with session_scope(db_url) as session:
        change_status(session, code, "resolved", staff_reply="Đã thu gom xong.")
    read = client.get(f"{BASE}/requests/{code}.json").get_json()[0]
    assert "0987654321" not in read["description"] and "[số điện thoại]" in read["description"]
    assert read["status"] == "closed"
    assert read["status_notes"] == "Đã xử lý xong. Phản hồi của phường: Đã thu gom xong."


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_request_ids_and_tokens_are_404(client, fmt):
    for path in ("requests/PA-261120-0009", "tokens/PA-261120-0009", "requests/nonsense"):
        response = client.get(f"{BASE}/{path}.{fmt}")
        assert response.status_code == 404 and error_of(response, fmt)[0] == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_maps_to_its_request_id(client, file, fmt):
    code = file(utcnow())
    assert records(client.get(f"{BASE}/tokens/{code}.{fmt}"), fmt) == [{"service_request_id": code, "token": code}]


@pytest.mark.parametrize("fmt", FORMATS)
def test_filters_by_id_code_status_and_dates(client, file, db_url, fmt):
    now = utcnow()
    garbage = file(now - dt.timedelta(days=1))
    flooding = file(now - dt.timedelta(days=2), category="flooding")
    old = file(now - dt.timedelta(days=120))
    with session_scope(db_url) as session:
        change_status(session, flooding, "resolved")

    def ids(**params):
        response = client.get(f"{BASE}/requests.{fmt}", query_string=params)
        assert response.status_code == 200
        return [record["service_request_id"] for record in records(response, fmt)]

    assert ids() == [garbage, flooding]  # the last 90 days, newest first
    assert ids(service_code="flooding") == [flooding]
    assert ids(service_code="flooding,garbage") == [garbage, flooding]
    assert ids(status="open") == [garbage] and ids(status="closed") == [flooding]
    assert ids(status="open,closed") == [garbage, flooding]
    assert ids(service_request_id=f"{old.lower()},{flooding}") == [flooding, old]  # overrides the other filters
    start = (now - dt.timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now - dt.timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(start_date=start, end_date=end) == [old]
    assert ids(start_date=start) == [garbage, flooding, old]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("params", [{"start_date": "yesterday"}, {"end_date": "2026-13-01"}, {"status": "pending"},
                                    {"page": "0"}, {"page_size": "201"}, {"page_size": "ten"},
                                    {"start_date": "2026-11-20", "end_date": "2026-11-01"}])
def test_bad_filters_are_400(client, fmt, params):
    response = client.get(f"{BASE}/requests.{fmt}", query_string=params)
    assert response.status_code == 400 and error_of(response, fmt)[0] == 400


def test_pages_are_bounded_and_do_not_overlap(client, file):
    now = utcnow()
    codes = [file(now - dt.timedelta(hours=hours)) for hours in range(5)]
    pages = [client.get(f"{BASE}/requests.json", query_string={"page": page, "page_size": 2}).get_json()
             for page in (1, 2, 3, 4)]
    assert [[r["service_request_id"] for r in page] for page in pages] == [codes[:2], codes[2:4], codes[4:], []]
    assert client.get(f"{BASE}/requests.json", query_string={"page_size": 200}).status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_jurisdiction_is_404_and_ours_is_fine(client, api_key, fmt):
    assert client.get(f"{BASE}/services.{fmt}", query_string={"jurisdiction_id": JURISDICTION}).status_code == 200
    for response in (client.get(f"{BASE}/services.{fmt}", query_string={"jurisdiction_id": "hanoi"}),
                     client.get(f"{BASE}/requests.{fmt}?jurisdiction_id=hanoi"),
                     post(client, api_key, fmt, jurisdiction_id="hanoi")):
        assert response.status_code == 404 and error_of(response, fmt) == (404, "jurisdiction_id hanoi was not found")
    assert post(client, api_key, fmt, jurisdiction_id=JURISDICTION).status_code == 200


def test_json_keeps_vietnamese_unescaped(client, file):
    code = file(utcnow())
    body = client.get(f"{BASE}/requests/{code}.json").data.decode("utf-8")
    assert "Đã tiếp nhận" in body and json.loads(body)[0]["status_notes"] == "Đã tiếp nhận"


@pytest.mark.parametrize("path", ["/open311/v2/services.csv", "/open311/v2/nothing-here.json",
                                  "/open311/v2/nothing-here.xml"])
def test_unknown_paths_and_formats_get_the_specs_error_document(client, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.endswith(".xml"):
        assert b"<errors>" in response.data and b"<code>404</code>" in response.data
    else:
        assert response.get_json()[0]["code"] == 404
