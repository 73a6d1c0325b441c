"""A third-party GeoReport v2 client (PyPI `georeport`) reads what we serve, over real HTTP, in JSON and XML.

`georeport` cannot file requests (its docs say so), so the test files with a plain form POST
through `requests`, as the spec describes, and reads everything else with the library.
"""

import pytest
import requests
from georeport import GeoReport

from tests.open311.conftest import JURISDICTION
from urban_reports.categories import categories


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_lists_services_and_reads_a_filed_report(live_server, api_key, fmt):
    client = GeoReport(live_server, jurisdiction=JURISDICTION, api_key=api_key, output_format=fmt)
    services = client.get_service_list()
    assert [service["service_code"] for service in services] == list(categories())
    definition = client.get_service_definition("garbage")
    assert definition["service_code"] == "garbage"

    filed = requests.post(f"{live_server}/requests.{fmt}", timeout=10, data={
        "api_key": api_key, "jurisdiction_id": JURISDICTION, "service_code": "garbage", "lat": "10.7725",
        "long": "106.6980", "description": "Rác chất đống trước chợ Bến Thành", "phone": "0912345678",
        "attribute[waste_type]": "household"})
    assert filed.status_code == 200
    code = (filed.json()[0] if fmt == "json" else _xml_request_id(filed.content))["service_request_id"]

    report = client.get_service_request(code)
    assert report["service_request_id"] == code and report["status"] == "open"
    assert report["status_notes"] == "Đã tiếp nhận"
    assert report["description"] == "Rác chất đống trước chợ Bến Thành"
    listed = client.get_service_requests(service_request_id=code, status="open")
    assert (listed[0] if fmt == "json" else listed)["service_request_id"] == code  # xmltodict: one record, no list


def _xml_request_id(content: bytes) -> dict:
    import xmltodict  # installed with georeport

    return xmltodict.parse(content)["service_requests"]["request"]
