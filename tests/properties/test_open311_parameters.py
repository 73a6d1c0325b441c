"""Open311 query and form parameters: any value gives a parsed query or the spec's error, never a crash."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from knowledge.reference_data import load_ward_mapping
from open311.errors import Open311Error
from open311.intake import draft_from_form
from open311.queries import MAX_PAGE_SIZE, parse_query
from storage.database import session_factory, session_scope, upgrade
from urban_reports.categories import categories
from urban_reports.errors import ReportRejected
from urban_reports.working_time import VIETNAM

NOW = dt.datetime(2026, 11, 29, 12, 0)
QUERY_FIELDS = ("start_date", "end_date", "status", "service_request_id", "service_code", "page", "page_size")
junk = st.one_of(st.text(max_size=60), st.sampled_from(["", " ", "0", "-1", "1e3", "١٢", "nan", "open,closed",
                                                        "open,,", "2026-13-01", "2026-02-30T25:00", "PA-261129-0001",
                                                        "pa-261129-0001, PA-1", "<script>", "' OR 1=1 --"]))
# Years of real reports; the ends of the calendar have their own test below.
ZONES = [None, dt.timezone.utc, VIETNAM, dt.timezone(dt.timedelta(hours=-11))]
moments = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1),
                       timezones=st.sampled_from(ZONES))


def query(**fields):
    return parse_query(MultiDict(fields), NOW)


@given(st.dictionaries(st.sampled_from(QUERY_FIELDS), st.one_of(junk, moments.map(dt.datetime.isoformat))))
def test_any_query_parses_or_is_a_400(fields):
    try:
        parsed = parse_query(MultiDict(fields), NOW)
    except Open311Error as error:
        assert error.status == 400 and error.description
        return
    assert parsed.start <= parsed.end and 1 <= parsed.page_size <= MAX_PAGE_SIZE and parsed.page >= 1
    assert parsed.statuses <= {"open", "closed"}
    assert all(code == code.upper() and code.startswith("PA-") for code in parsed.ids)


@given(moments, moments)
def test_dates_round_trip_as_naive_utc(first, second):
    start, end = sorted([first, second], key=lambda m: m if m.tzinfo else m.replace(tzinfo=VIETNAM))
    parsed = query(start_date=start.isoformat(), end_date=end.isoformat())
    for given_, stored in ((start, parsed.start), (end, parsed.end)):
        aware = given_ if given_.tzinfo else given_.replace(tzinfo=VIETNAM)  # no offset: Vietnam time
        assert stored.tzinfo is None and stored == aware.astimezone(dt.timezone.utc).replace(tzinfo=None)


@given(st.integers(min_value=-10, max_value=10**7))
def test_page_numbers_are_whole_numbers_in_range(number):
    if 1 <= number <= 10**6:
        assert query(page=str(number)).page == number
    else:
        with pytest.raises(Open311Error):
            query(page=str(number))


@pytest.mark.parametrize("fields", [{"start_date": "0001-01-01T00:00:00"}, {"end_date": "0001-01-02"},
                                    {"end_date": "9999-12-31T23:59:59-12:00"}])
def test_dates_at_the_ends_of_the_calendar_are_a_400(fields):
    with pytest.raises(Open311Error):
        query(**fields)


def test_a_page_number_of_5000_digits_is_a_400():
    with pytest.raises(Open311Error):
        query(page="1" * 5000)


# POSTed service requests.

@pytest.fixture(scope="module")
def sessions(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('open311') / 'app.db'}"
    upgrade(url)
    with session_scope(url) as session:
        load_ward_mapping(session)
    return session_factory(url)


FORM_FIELDS = ("service_code", "lat", "long", "address_string", "address_id", "description", "media_url", "phone",
               "attribute[kind]", "attribute[x][]", "attribute[", "email", "first_name")
coordinates = st.one_of(junk, st.floats(allow_nan=True, allow_infinity=True).map(str),
                        st.floats(min_value=8, max_value=12).map(str), st.floats(min_value=106, max_value=108).map(str))
form_values = st.one_of(junk, coordinates, st.sampled_from(sorted(categories())),
                        st.sampled_from(["http://example.org/a.jpg", "javascript:alert(1)", "ftp://x/y", "//x/y",
                                         "http://" + "a" * 600, "12 Lê Lợi, phường Bến Thành", "P.12 Gò Vấp"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(FORM_FIELDS), form_values), max_size=10))
@example([("service_code", "garbage"), ("lat", "nan"), ("long", "106.7")])
@example([("service_code", "garbage"), ("lat", "10.77"), ("long", "1e999")])
def test_any_form_gives_a_draft_or_a_refusal_with_a_reason(sessions, fields):
    with sessions() as session:
        try:
            draft = draft_from_form(MultiDict(fields), session)
        except Open311Error as error:
            assert error.status in (400, 404) and error.description
            return
        except ReportRejected as error:
            assert error.status == 400 and error.text(lambda s: s)
            return
    assert draft.category in categories()
    assert draft.location.latitude is not None or draft.location.address
    assert draft.anonymous == (draft.contact_phone is None)
