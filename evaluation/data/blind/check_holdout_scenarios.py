#!/usr/bin/env python3
"""Validate evaluation/data/blind/holdout_scenarios.yml (or the file named first).

Checks: schema, fixed expectation vocabulary, kinds and their counts, turn
counts, codes (present exactly on procedure_answer turns, existing in the
catalogue), ordering sanity (report_created after a report was opened,
back_to_bot after a handoff, resumed after a pause or a mid-guide question),
and prints counts (kinds, expectations, families, catalogue levels of the
codes, share of Vietnamese user turns typed without diacritics).

Usage: python3 check4.py [scenarios.yml] [procedures_light.jsonl]
Exit code 0 if no errors.
"""
import os
import collections
import json
import re
import sys

import yaml

SCEN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "holdout_scenarios.yml")
CAT = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/data/catalogue/procedures_light.jsonl"

FAMILIES = {"procedure", "dossier", "report", "follow_report", "vneid",
            "digital_signature", "staff", "smalltalk", "out_of_scope", "language"}
PLAIN = {"procedure_answer", "form_advances", "report_created", "cancelled",
         "paused", "resumed", "handoff", "back_to_bot", "english_reply",
         "vietnamese_reply", "no_repeat", "polite_decline"}
KINDS = ["report_typed_answers", "report_no_photo", "report_correction",
         "report_cancelled", "pause_resume", "vneid_guide_typed",
         "trouble_then_continue", "handoff", "out_of_scope_then_real",
         "english", "procedure_followups", "mixed"]
PER_KIND = 4
TOTAL = 48
CODE_RE = re.compile(r"^\d\.\d{6}$")
VI_CHARS = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")

errors = []


def err(msg):
    errors.append(msg)


catalogue = {}
with open(CAT, encoding="utf-8") as fh:
    for line in fh:
        line = line.strip()
        if line:
            rec = json.loads(line)
            catalogue[rec["ma_thu_tuc"]] = rec

with open(SCEN, encoding="utf-8") as fh:
    data = yaml.safe_load(fh)

if not isinstance(data, dict) or set(data) != {"scenarios"}:
    err("top level must be a mapping with the single key 'scenarios'")
    data = {"scenarios": []}
scenarios = data["scenarios"] or []

kind_count = collections.Counter()
exp_count = collections.Counter()
fam_count = collections.Counter()
level_count = collections.Counter()
codes_used = collections.Counter()
turn_total = 0
vi_turns = 0
vi_plain = 0
en_turns = 0
seen_ids = set()

ALLOWED_SCEN_KEYS = {"id", "split", "kind", "note", "turns"}
ALLOWED_TURN_KEYS = {"user", "expect", "codes"}

for i, sc in enumerate(scenarios):
    where = f"scenario #{i + 1}"
    if not isinstance(sc, dict):
        err(f"{where}: not a mapping")
        continue
    sid = sc.get("id")
    where = f"{sid or where}"
    extra = set(sc) - ALLOWED_SCEN_KEYS
    if extra:
        err(f"{where}: unknown keys {sorted(extra)}")
    if not isinstance(sid, str) or not re.fullmatch(r"h\d{3}", sid):
        err(f"{where}: bad id {sid!r}")
    if sid in seen_ids:
        err(f"{where}: duplicate id")
    seen_ids.add(sid)
    if sc.get("split") != "holdout":
        err(f"{where}: split must be 'holdout'")
    kind = sc.get("kind")
    if kind not in KINDS:
        err(f"{where}: unknown kind {kind!r}")
    kind_count[kind] += 1
    if not isinstance(sc.get("note"), str) or not sc["note"].strip():
        err(f"{where}: note missing")
    turns = sc.get("turns")
    if not isinstance(turns, list) or not 2 <= len(turns) <= 6:
        err(f"{where}: needs 2-6 turns, has {len(turns) if isinstance(turns, list) else turns!r}")
        continue

    report_open = False
    handed_off = False
    pause_or_detour = False
    kinds_in_scn = collections.Counter()
    for j, t in enumerate(turns):
        tw = f"{where} turn {j + 1}"
        turn_total += 1
        if not isinstance(t, dict):
            err(f"{tw}: not a mapping")
            continue
        extra = set(t) - ALLOWED_TURN_KEYS
        if extra:
            err(f"{tw}: unknown keys {sorted(extra)}")
        user = t.get("user")
        if not isinstance(user, str) or not user.strip():
            err(f"{tw}: empty user text")
            user = ""
        exp = t.get("expect")
        if not isinstance(exp, list) or not exp:
            err(f"{tw}: expect must be a non-empty list")
            exp = []
        if len(set(exp)) != len(exp):
            err(f"{tw}: duplicate expectations")
        fams = []
        for e in exp:
            if not isinstance(e, str):
                err(f"{tw}: expectation {e!r} not a string")
                continue
            if e.startswith("family:"):
                f = e.split(":", 1)[1]
                if f not in FAMILIES:
                    err(f"{tw}: unknown family {f!r}")
                fams.append(f)
                fam_count[f] += 1
            elif e not in PLAIN:
                err(f"{tw}: unknown expectation {e!r}")
            exp_count[e.split(":")[0] if e.startswith("family:") else e] += 1
            kinds_in_scn[e] += 1
        if len(fams) > 1:
            err(f"{tw}: more than one family")
        if "english_reply" in exp and "vietnamese_reply" in exp:
            err(f"{tw}: both reply languages")

        # codes only (and always) with procedure_answer
        codes = t.get("codes")
        if "procedure_answer" in exp:
            if not isinstance(codes, list) or not codes:
                err(f"{tw}: procedure_answer without codes")
                codes = []
            for c in codes:
                if not isinstance(c, str) or not CODE_RE.match(c):
                    err(f"{tw}: malformed code {c!r}")
                elif c not in catalogue:
                    err(f"{tw}: code {c} not in catalogue")
                else:
                    codes_used[c] += 1
                    lv = catalogue[c].get("cap_thuc_hien", "")
                    level_count["has Cấp xã" if "Cấp xã" in lv else "no Cấp xã"] += 1
            if codes and not any("Cấp xã" in catalogue.get(c, {}).get("cap_thuc_hien", "") for c in codes):
                print(f"note: {tw}: no ward-level record among {codes}")
        elif codes is not None:
            err(f"{tw}: codes given on a turn without procedure_answer")

        # ordering sanity
        if "family:report" in exp:
            report_open = True
        if "report_created" in exp and not report_open:
            err(f"{tw}: report_created but no report was opened earlier")
        if "handoff" in exp:
            handed_off = True
        if "back_to_bot" in exp and not handed_off:
            err(f"{tw}: back_to_bot without an earlier handoff")
        if "resumed" in exp and not pause_or_detour:
            err(f"{tw}: resumed without an earlier pause or mid-guide question")
        if "paused" in exp or (j > 0 and fams and fams[0] in ("vneid", "digital_signature")
                               and "form_advances" not in exp):
            pause_or_detour = True
        if "polite_decline" in exp and "family:out_of_scope" not in exp:
            err(f"{tw}: polite_decline without family:out_of_scope")
        if "handoff" in exp and "family:staff" not in exp:
            err(f"{tw}: handoff without family:staff")

        # language statistics
        if "english_reply" in exp:
            en_turns += 1
        elif user:
            vi_turns += 1
            if not any(ch in VI_CHARS for ch in user.lower()):
                vi_plain += 1

    if not any(e.startswith("family:") for e in turns[0].get("expect", [])):
        err(f"{where}: first turn should name a family")

for k in KINDS:
    if kind_count[k] != PER_KIND:
        err(f"kind {k}: {kind_count[k]} scenarios, expected {PER_KIND}")
if len(scenarios) != TOTAL:
    err(f"{len(scenarios)} scenarios, expected {TOTAL}")

print(f"scenarios: {len(scenarios)}   turns: {turn_total}")
print("by kind:")
for k in KINDS:
    print(f"  {k:24s} {kind_count[k]}")
print("expectations (turn count):")
for e, n in sorted(exp_count.items(), key=lambda x: (-x[1], x[0])):
    print(f"  {e:18s} {n}")
print("families:")
for f, n in sorted(fam_count.items(), key=lambda x: (-x[1], x[0])):
    print(f"  {f:18s} {n}")
print(f"distinct codes: {len(codes_used)}  ->  " + ", ".join(sorted(codes_used)))
print("code levels:", dict(level_count))
if vi_turns:
    print(f"Vietnamese user turns: {vi_turns}, without diacritics: {vi_plain} ({100 * vi_plain / vi_turns:.0f} %)")
print(f"English-reply turns: {en_turns}")
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("\nOK: no errors")
