#!/usr/bin/env python3
"""Validate evaluation/data/blind/practice3_scenarios.yml (or the file named first): schema, vocabulary, codes vs catalogue.
Prints counts by kind, expectation usage, diacritics share and code levels. Exit 1 on any error."""
import os
import collections, json, re, sys
import yaml

SCEN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "practice3_scenarios.yml")
CAT = "/work/shared/data/catalogue/procedures_light.jsonl"

FAMILIES = {"procedure", "dossier", "report", "follow_report", "vneid", "digital_signature",
            "staff", "smalltalk", "out_of_scope", "language"}
PLAIN = {"procedure_answer", "form_advances", "report_created", "cancelled", "paused", "resumed",
         "handoff", "back_to_bot", "english_reply", "vietnamese_reply", "no_repeat", "polite_decline"}
KIND_TARGET = {"vneid_guide_typed": 12, "signature_guide_typed": 8, "trouble_then_continue": 8,
               "pause_resume": 10, "handoff": 8, "english": 8, "report_no_photo": 6,
               "procedure_followups": 4}
CODE_RE = re.compile(r"^\d\.\d{6}$")
RECEIPT_RE = re.compile(r"\b[\d.]+\.H29-\d{6}-\d{4,7}\b")
VI_CHARS = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")

errors = []
def err(msg): errors.append(msg)

catalogue = {}
for line in open(CAT, encoding="utf-8"):
    r = json.loads(line)
    catalogue[r["ma_thu_tuc"]] = r

data = yaml.safe_load(open(SCEN, encoding="utf-8"))
if not isinstance(data, dict) or set(data) != {"scenarios"}:
    err("top level must be a mapping with the single key 'scenarios'")
    data = {"scenarios": []}
scens = data["scenarios"]

ids = collections.Counter()
kinds = collections.Counter()
exp_count = collections.Counter()
turns_total = 0
vi_turns = vi_no_diac = 0
codes_used = collections.Counter()
for i, s in enumerate(scens):
    where = f"scenario #{i} ({s.get('id')})"
    extra = set(s) - {"id", "split", "kind", "note", "turns"}
    missing = {"id", "split", "kind", "note", "turns"} - set(s)
    if extra: err(f"{where}: unknown keys {sorted(extra)}")
    if missing: err(f"{where}: missing keys {sorted(missing)}")
    ids[s.get("id")] += 1
    if not re.fullmatch(r"r\d{3}", str(s.get("id"))): err(f"{where}: bad id")
    if s.get("split") != "practice": err(f"{where}: split must be 'practice'")
    kind = s.get("kind")
    if kind not in KIND_TARGET: err(f"{where}: unknown kind {kind!r}")
    kinds[kind] += 1
    if not isinstance(s.get("note"), str) or not s.get("note").strip(): err(f"{where}: empty note")
    turns = s.get("turns") or []
    if not 3 <= len(turns) <= 6: err(f"{where}: {len(turns)} turns (need 3-6)")
    english = kind == "english"
    for j, t in enumerate(turns):
        tw = f"{where} turn {j+1}"
        turns_total += 1
        extra = set(t) - {"user", "expect", "codes"}
        if extra: err(f"{tw}: unknown keys {sorted(extra)}")
        u = t.get("user")
        if not isinstance(u, str) or not u.strip(): err(f"{tw}: empty user text")
        exp = t.get("expect")
        if not isinstance(exp, list) or not exp: err(f"{tw}: expect must be a non-empty list"); continue
        if len(set(exp)) != len(exp): err(f"{tw}: duplicate expectations")
        fams = [e for e in exp if str(e).startswith("family:")]
        if len(fams) > 1: err(f"{tw}: more than one family")
        for e in exp:
            e = str(e)
            if e.startswith("family:"):
                if e.split(":", 1)[1] not in FAMILIES: err(f"{tw}: unknown family {e}")
            elif e not in PLAIN:
                err(f"{tw}: unknown expectation {e}")
            exp_count[e] += 1
        if "english_reply" in exp and "vietnamese_reply" in exp: err(f"{tw}: both reply languages")
        if english and "vietnamese_reply" in exp: err(f"{tw}: vietnamese_reply in english scenario")
        if not english and "english_reply" in exp: err(f"{tw}: english_reply outside english kind")
        if "polite_decline" in exp and "family:out_of_scope" not in exp: err(f"{tw}: polite_decline without out_of_scope")
        if "family:dossier" in exp and not RECEIPT_RE.search(u or ""): err(f"{tw}: dossier turn without a receipt number")
        codes = t.get("codes")
        if "procedure_answer" in exp:
            if not codes: err(f"{tw}: procedure_answer without codes")
        elif codes is not None:
            err(f"{tw}: codes given but no procedure_answer")
        for c in codes or []:
            if not isinstance(c, str) or not CODE_RE.match(c): err(f"{tw}: malformed code {c!r}")
            elif c not in catalogue: err(f"{tw}: code {c} not in catalogue")
            else: codes_used[c] += 1
        if not english and isinstance(u, str):
            vi_turns += 1
            if not (set(u.lower()) & VI_CHARS): vi_no_diac += 1
    # follow-up turns must keep the codes of the opening question
    if kind == "procedure_followups":
        sets = [tuple(t.get("codes") or ()) for t in turns]
        if len(set(sets)) != 1: err(f"{where}: follow-up turns use different codes")
        for t in turns[1:]:
            if "no_repeat" not in t.get("expect", []): err(f"{where}: follow-up without no_repeat")
    if kind == "report_no_photo" and not any("report_created" in t["expect"] for t in turns):
        err(f"{where}: report_no_photo without report_created")
    if kind == "trouble_then_continue" and not any("resumed" in t["expect"] for t in turns):
        err(f"{where}: trouble_then_continue without resumed")
    if kind == "pause_resume":
        flat = [e for t in turns for e in t["expect"]]
        if "paused" not in flat or "resumed" not in flat: err(f"{where}: pause_resume needs paused and resumed")
        if flat.index("paused") > flat.index("resumed"): err(f"{where}: resumed before paused")
    if kind == "handoff":
        flat = [e for t in turns for e in t["expect"]]
        if "handoff" not in flat or "back_to_bot" not in flat: err(f"{where}: handoff needs handoff and back_to_bot")

for k, v in ids.items():
    if v > 1: err(f"duplicate id {k}")
for k, n in KIND_TARGET.items():
    if kinds[k] != n: err(f"kind {k}: {kinds[k]} scenarios, expected {n}")

print(f"scenarios: {len(scens)}  turns: {turns_total}")
print("by kind:")
for k in KIND_TARGET:
    print(f"  {k:24s} {kinds[k]:3d} (target {KIND_TARGET[k]})")
print("expectations:")
for e, n in sorted(exp_count.items(), key=lambda x: (-x[1], x[0])):
    print(f"  {e:28s} {n}")
print(f"Vietnamese user turns without any diacritic: {vi_no_diac}/{vi_turns} = {100*vi_no_diac/max(vi_turns,1):.0f}%")
print(f"distinct codes: {len(codes_used)}")
for c, n in sorted(codes_used.items()):
    r = catalogue[c]
    print(f"  {c} x{n:<2d} [{r['cap_thuc_hien']}] {r['ten_thu_tuc'][:80]}")
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors: print("  -", e)
    sys.exit(1)
print("\nOK: no errors")
