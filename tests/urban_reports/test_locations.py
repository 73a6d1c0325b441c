"""A point must be in today's Ho Chi Minh City; a typed address keeps its text and gets today's ward."""

import pytest

from urban_reports.errors import ReportRejected
from urban_reports.locations import OUTSIDE_CITY, locate_address, locate_point


@pytest.mark.parametrize(("latitude", "longitude"), [
    (10.7725, 106.6980),  # Bến Thành market
    (10.9804, 106.6519),  # Thủ Dầu Một (former Bình Dương)
    (10.3460, 107.0843),  # Vũng Tàu (former Bà Rịa–Vũng Tàu)
    (8.6820, 106.6090),  # Côn Đảo
    (10.4110, 106.9540),  # Cần Giờ
])
def test_points_in_the_city_are_accepted(latitude, longitude):
    location = locate_point(latitude, longitude)
    assert (location.latitude, location.longitude) == (latitude, longitude)


@pytest.mark.parametrize(("latitude", "longitude"), [
    (21.0285, 105.8542),  # Hà Nội
    (10.0452, 105.7469),  # Cần Thơ
    (10.5360, 106.4130),  # Tân An (Long An, now Tây Ninh)
    (11.9404, 108.4583),  # Đà Lạt
])
def test_points_outside_the_city_are_refused_with_a_reason(latitude, longitude):
    with pytest.raises(ReportRejected) as refused:
        locate_point(latitude, longitude)
    assert str(refused.value) == OUTSIDE_CITY


@pytest.mark.parametrize("value", [(float("nan"), 106.7), (95, 106.7), ("abc", 106.7)])
def test_nonsense_coordinates_are_refused(value):
    with pytest.raises(ReportRejected):
        locate_point(*value)


def test_an_old_ward_and_district_map_to_todays_ward(sessions):
    with sessions() as session:
        location = locate_address("123 Nguyễn Văn Lượng, P.12, Q. Gò Vấp", session)
    assert location.address == "123 Nguyễn Văn Lượng, P.12, Q. Gò Vấp" and location.latitude is None
    assert location.ward == "Phường An Hội Tây" and location.old_ward == "Phường 12, Quận Gò Vấp"


def test_a_uniquely_named_old_ward_needs_no_district(sessions):
    with sessions() as session:
        location = locate_address("12 Quốc Hương, phường Thảo Điền", session)
    assert location.ward == "Phường An Khánh" and location.old_ward.startswith("Phường Thảo Điền")


def test_todays_ward_is_kept_and_an_ambiguous_one_left_to_staff(sessions):
    with sessions() as session:
        assert locate_address("hẻm 45 Lê Lợi phường Bến Thành", session).ward == "Phường Bến Thành"
        unknown = locate_address("hẻm 45 đường số 7, phường 12", session)
    assert unknown.ward is None and unknown.address == "hẻm 45 đường số 7, phường 12"
