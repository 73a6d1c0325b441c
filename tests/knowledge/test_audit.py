"""The content audit flags what a resident could not act on, and accepts only reviewed exceptions."""

from pathlib import Path

from knowledge.audit import Flag, accepted, audit_record, run_audit
from knowledge.reference_data import shipped_records

RECORDS = {r["code"]: r for r in shipped_records()[0]}


def test_every_shipped_record_passes_the_audit_or_has_a_reviewed_exception(tmp_path):
    counts, unaccepted = run_audit(list(RECORDS.values()), tmp_path / "audit.csv")
    assert unaccepted == []
    assert "blank_where" not in counts and "fee_condition_dropped" not in counts and "fee_cut" not in counts
    assert (tmp_path / "audit.csv").read_text(encoding="utf-8").startswith("code,flag,detail,accepted")


def test_a_record_with_no_place_and_no_level_is_flagged():
    record = dict(RECORDS["1.001193"], levels=[], implementing_agency=None, submission_address=None)
    assert "blank_where" in {flag.flag for flag in audit_record(record)}


def test_a_fee_whose_condition_is_not_shown_would_be_flagged(monkeypatch):
    import knowledge.audit as audit

    monkeypatch.setattr(audit, "channel_fee", lambda channel, *args: "không mất phí")
    flags = {flag.flag for flag in audit_record(RECORDS["1.000656"])}
    assert {"fee_condition_dropped", "free_with_conditions"} <= flags


def test_exceptions_name_their_codes_or_all(tmp_path):
    flag = Flag("1.000001", "over_channel_limit", "2500 characters")
    assert accepted(flag, [{"flag": "over_channel_limit", "codes": ["1.000001"], "reason": "x"}])
    assert not accepted(flag, [{"flag": "over_channel_limit", "codes": ["1.000002"], "reason": "x"}])
    assert accepted(flag, [{"flag": "over_channel_limit", "codes": "all", "reason": "x"}])
    exceptions = tmp_path / "none.yml"
    exceptions.write_text("[]", encoding="utf-8")
    _, unaccepted = run_audit([dict(RECORDS["1.001193"], levels=[], implementing_agency=None)],
                              tmp_path / "a.csv", exceptions)
    assert [f.flag for f in unaccepted if f.flag == "blank_where"] == ["blank_where"]


def test_every_exception_gives_a_reason():
    import yaml

    from knowledge.audit import EXCEPTIONS

    entries = yaml.safe_load(Path(EXCEPTIONS).read_text(encoding="utf-8"))
    assert entries and all(entry.get("reason", "").strip() for entry in entries)
