#!/usr/bin/env python3
"""Validator for practice4_scenarios.yml (blind evaluation set 4).

Checks: schema, expectation vocabulary, family names, 2-6 turns per scenario,
`codes` present exactly on turns that expect procedure_answer, every code in the
catalogue, kind counts, plus a few per-kind consistency rules.
Prints counts; exits 1 on any error.

Usage: python3 check4.py [scenarios.yml] [procedures_light.jsonl]
"""
import collections
import json
import os
import re
import sys
import unicodedata

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SCEN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "practice4_scenarios.yml")
CATALOGUE = (sys.argv[2] if len(sys.argv) > 2
             else "/work/shared/data/catalogue/procedures_light.jsonl")

FAMILIES = {"procedure", "dossier", "report", "follow_report", "vneid",
            "digital_signature", "staff", "smalltalk", "out_of_scope", "language"}
PLAIN = {"procedure_answer", "form_advances", "no_repeat", "report_created",
         "cancelled", "paused", "resumed", "handoff", "back_to_bot",
         "english_reply", "vietnamese_reply", "polite_decline"}
KIND_TARGETS = {
    "report_typed": 10, "report_cancel": 5, "vneid_guide_typed": 8,
    "signature_guide_typed": 6, "trouble_then_continue": 6, "pause_resume": 8,
    "handoff": 6, "english": 6, "procedure_followups": 5,
}
TOTAL = 60
SCEN_KEYS = {"id", "split", "kind", "note", "turns"}
TURN_KEYS = {"user", "expect", "codes"}
CODE_RE = re.compile(r"^\d\.\d{6}$")

errors = []


def err(msg):
    errors.append(msg)


def has_diacritics(text):
    """True if the text contains any Vietnamese letter with a diacritic (or đ)."""
    for ch in text:
        if ch in "đĐ":
            return True
        if ch.isalpha() and ord(ch) > 127:
            decomp = unicodedata.normalize("NFD", ch)
            if any(unicodedata.combining(c) for c in decomp):
                return True
    return False


def load_catalogue(path):
    codes = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            codes[rec["ma_thu_tuc"]] = rec.get("cap_thuc_hien") or ""
    return codes


def main():
    catalogue = load_catalogue(CATALOGUE)
    try:
        with open(SCEN, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        err(f"cannot read {SCEN}: {exc}")
        return report(None, catalogue)

    if not isinstance(data, dict) or set(data) != {"scenarios"}:
        err("top level must be a mapping with the single key 'scenarios'")
        return report(None, catalogue)
    scenarios = data["scenarios"]
    if not isinstance(scenarios, list):
        err("'scenarios' must be a list")
        return report(None, catalogue)

    seen_ids = set()
    for i, sc in enumerate(scenarios):
        where = f"scenario #{i + 1}"
        if not isinstance(sc, dict):
            err(f"{where}: not a mapping")
            continue
        sid = sc.get("id")
        where = f"{sid or where}"
        missing = SCEN_KEYS - set(sc)
        extra = set(sc) - SCEN_KEYS
        if missing:
            err(f"{where}: missing keys {sorted(missing)}")
        if extra:
            err(f"{where}: unknown keys {sorted(extra)}")
        if not isinstance(sid, str) or not re.fullmatch(r"s\d{3}", sid or ""):
            err(f"{where}: id must look like s001")
        elif sid in seen_ids:
            err(f"{where}: duplicate id")
        seen_ids.add(sid)
        if sc.get("split") != "practice":
            err(f"{where}: split must be 'practice'")
        if sc.get("kind") not in KIND_TARGETS:
            err(f"{where}: unknown kind {sc.get('kind')!r}")
        if not isinstance(sc.get("note"), str) or not sc.get("note").strip():
            err(f"{where}: note must be a non-empty string")
        turns = sc.get("turns")
        if not isinstance(turns, list):
            err(f"{where}: turns must be a list")
            continue
        if not 2 <= len(turns) <= 6:
            err(f"{where}: {len(turns)} turns (need 2-6)")
        for j, t in enumerate(turns):
            tw = f"{where} turn {j + 1}"
            if not isinstance(t, dict):
                err(f"{tw}: not a mapping")
                continue
            extra = set(t) - TURN_KEYS
            if extra:
                err(f"{tw}: unknown keys {sorted(extra)}")
            u = t.get("user")
            if not isinstance(u, str) or not u.strip():
                err(f"{tw}: user must be a non-empty string")
            exp = t.get("expect")
            if not isinstance(exp, list) or not exp:
                err(f"{tw}: expect must be a non-empty list")
                continue
            if len(set(map(str, exp))) != len(exp):
                err(f"{tw}: duplicate expectations")
            fams = 0
            for e in exp:
                if not isinstance(e, str):
                    err(f"{tw}: expectation {e!r} is not a string")
                elif e.startswith("family:"):
                    fams += 1
                    if e[len("family:"):] not in FAMILIES:
                        err(f"{tw}: unknown family {e!r}")
                elif e not in PLAIN:
                    err(f"{tw}: unknown expectation {e!r}")
            if fams > 1:
                err(f"{tw}: more than one family expectation")
            if "english_reply" in exp and "vietnamese_reply" in exp:
                err(f"{tw}: both english_reply and vietnamese_reply")
            wants = "procedure_answer" in exp
            if wants and "codes" not in t:
                err(f"{tw}: procedure_answer without codes")
            if not wants and "codes" in t:
                err(f"{tw}: codes without procedure_answer")
            if "codes" in t:
                codes = t["codes"]
                if not isinstance(codes, list) or not codes:
                    err(f"{tw}: codes must be a non-empty list")
                else:
                    if len(set(codes)) != len(codes):
                        err(f"{tw}: duplicate codes")
                    for c in codes:
                        if not isinstance(c, str) or not CODE_RE.match(c):
                            err(f"{tw}: malformed code {c!r}")
                        elif c not in catalogue:
                            err(f"{tw}: code {c} not in catalogue")
        check_kind_rules(where, sc.get("kind"), turns)
    return report(scenarios, catalogue)


def exp_of(turns):
    return [t.get("expect") or [] for t in turns if isinstance(t, dict)]


def check_kind_rules(where, kind, turns):
    """Light per-kind consistency checks (what each kind is meant to test)."""
    exps = exp_of(turns)
    flat = [e for ex in exps for e in ex]
    if not exps:
        return
    if kind == "report_typed":
        if "family:report" not in exps[0]:
            err(f"{where}: report_typed must start with family:report")
        if "report_created" not in flat:
            err(f"{where}: report_typed must reach report_created")
    elif kind == "report_cancel":
        if "family:report" not in exps[0]:
            err(f"{where}: report_cancel must start with family:report")
        if "cancelled" not in flat:
            err(f"{where}: report_cancel must expect cancelled")
        else:
            k = next(i for i, ex in enumerate(exps) if "cancelled" in ex)
            if k == len(exps) - 1:
                err(f"{where}: report_cancel needs a new question after cancelling")
        if "report_created" in flat:
            err(f"{where}: report_cancel must not create a report")
    elif kind == "vneid_guide_typed":
        if "family:vneid" not in exps[0]:
            err(f"{where}: vneid guide must start with family:vneid")
        if "form_advances" not in flat:
            err(f"{where}: vneid guide should expect form_advances")
    elif kind == "signature_guide_typed":
        if "family:digital_signature" not in exps[0]:
            err(f"{where}: signature guide must start with family:digital_signature")
        if "form_advances" not in flat:
            err(f"{where}: signature guide should expect form_advances")
    elif kind == "trouble_then_continue":
        if not ({"family:vneid", "family:digital_signature"} & set(exps[0])):
            err(f"{where}: trouble scenario must start a vneid/signature guide")
        if "resumed" not in exps[-1]:
            err(f"{where}: trouble scenario must end with resumed")
    elif kind == "pause_resume":
        if "paused" not in flat or "resumed" not in flat:
            err(f"{where}: pause_resume needs paused and resumed")
        else:
            p = next(i for i, ex in enumerate(exps) if "paused" in ex)
            r = next(i for i, ex in enumerate(exps) if "resumed" in ex)
            if r - p < 2:
                err(f"{where}: need something in between pause and resume")
            if "no_repeat" not in exps[r]:
                err(f"{where}: resume turn must also expect no_repeat")
    elif kind == "handoff":
        if "handoff" not in flat or "back_to_bot" not in flat:
            err(f"{where}: handoff needs handoff and back_to_bot")
        else:
            b = next(i for i, ex in enumerate(exps) if "back_to_bot" in ex)
            if b == len(exps) - 1:
                err(f"{where}: handoff needs a real question after coming back")
    elif kind == "english":
        for k, ex in enumerate(exps):
            if "english_reply" not in ex:
                err(f"{where} turn {k + 1}: english scenario turn without english_reply")
    elif kind == "procedure_followups":
        if not 3 <= len(turns) <= 4:
            err(f"{where}: procedure_followups needs 1 question + 2-3 follow-ups")
        first = turns[0].get("codes")
        for k, t in enumerate(turns):
            ex = t.get("expect") or []
            if "procedure_answer" not in ex:
                err(f"{where} turn {k + 1}: every turn must expect procedure_answer")
            if k and "no_repeat" not in ex:
                err(f"{where} turn {k + 1}: follow-up must expect no_repeat")
            if k and t.get("codes") != first:
                err(f"{where} turn {k + 1}: follow-up codes differ from the first question")


def report(scenarios, catalogue):
    if scenarios:
        kinds = collections.Counter(sc.get("kind") for sc in scenarios
                                    if isinstance(sc, dict))
        if len(scenarios) != TOTAL:
            err(f"{len(scenarios)} scenarios, expected {TOTAL}")
        for k, n in KIND_TARGETS.items():
            if kinds.get(k, 0) != n:
                err(f"kind {k}: {kinds.get(k, 0)} scenarios, expected {n}")
        usage = collections.Counter()
        turns_total = 0
        vi_turns = vi_plain = en_turns = 0
        codes_used = collections.Counter()
        for sc in scenarios:
            for t in sc.get("turns") or []:
                if not isinstance(t, dict):
                    continue
                turns_total += 1
                ex = t.get("expect") or []
                for e in ex:
                    usage[e] += 1
                for c in t.get("codes") or []:
                    codes_used[c] += 1
                if "english_reply" in ex:
                    en_turns += 1
                    if has_diacritics(t.get("user", "")):
                        err(f"{sc.get('id')}: English turn contains Vietnamese diacritics")
                else:
                    vi_turns += 1
                    if not has_diacritics(t.get("user", "")):
                        vi_plain += 1
        print(f"scenarios: {len(scenarios)}  turns: {turns_total}")
        print("by kind:")
        for k in KIND_TARGETS:
            print(f"  {k:24s} {kinds.get(k, 0):3d} (target {KIND_TARGETS[k]})")
        print("expectation usage (turns):")
        for e, n in sorted(usage.items(), key=lambda x: (-x[1], x[0])):
            print(f"  {e:28s} {n:3d}")
        share = (100.0 * vi_plain / vi_turns) if vi_turns else 0.0
        print(f"Vietnamese turns: {vi_turns}, without any diacritics: {vi_plain} ({share:.1f} %)")
        print(f"English turns: {en_turns}")
        print(f"distinct codes used: {len(codes_used)}")
        for c, n in sorted(codes_used.items()):
            print(f"  {c} x{n}  [{catalogue.get(c, '??')}]")
    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
