#!/usr/bin/env python3
"""Validate practice_scenarios.yml: YAML parses, fixed vocabulary, codes exist, ids unique."""
import json, re, sys, collections, unicodedata
import yaml

CAT = "/work/shared/data/catalogue/procedures_light.jsonl"
import os
PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "practice_scenarios.yml")
FAMILIES = {"procedure", "dossier", "report", "follow_report", "vneid", "digital_signature",
            "staff", "smalltalk", "out_of_scope", "language"}
PLAIN = {"procedure_answer", "form_advances", "report_created", "cancelled", "paused", "resumed",
         "handoff", "back_to_bot", "english_reply", "vietnamese_reply", "no_repeat", "polite_decline"}
KINDS = {"report_typed_answers", "report_no_photo", "report_correction", "report_cancelled",
         "pause_resume", "vneid_guide_typed", "signature_guide_typed", "trouble_then_continue",
         "handoff", "out_of_scope_then_real", "english", "procedure_followups", "mixed"}

codes = {}
for line in open(CAT, encoding="utf-8"):
    r = json.loads(line)
    codes[r["ma_thu_tuc"]] = r
doc = yaml.safe_load(open(PATH, encoding="utf-8"))
errs = []
ids = collections.Counter()
kinds = collections.Counter()
exp = collections.Counter()
turns_n = 0
viet = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
nodiac = total_vi = 0
used_codes = collections.Counter()
for sc in doc["scenarios"]:
    sid = sc.get("id"); ids[sid] += 1
    if sc.get("split") != "practice": errs.append(f"{sid}: split")
    if sc.get("kind") not in KINDS: errs.append(f"{sid}: kind {sc.get('kind')}")
    kinds[sc.get("kind")] += 1
    if not sc.get("note"): errs.append(f"{sid}: no note")
    if not sc.get("turns"): errs.append(f"{sid}: no turns")
    for i, t in enumerate(sc["turns"]):
        turns_n += 1
        if set(t) - {"user", "expect", "codes"}: errs.append(f"{sid}[{i}]: keys {set(t)}")
        if not isinstance(t.get("user"), str) or not t["user"].strip(): errs.append(f"{sid}[{i}]: user")
        ex = t.get("expect") or []
        if not ex: errs.append(f"{sid}[{i}]: empty expect")
        for e in ex:
            if e.startswith("family:"):
                if e[7:] not in FAMILIES: errs.append(f"{sid}[{i}]: family {e}")
            elif e not in PLAIN: errs.append(f"{sid}[{i}]: vocab {e}")
            exp[e] += 1
        if len(set(ex)) != len(ex): errs.append(f"{sid}[{i}]: duplicate expect")
        fams = [e for e in ex if e.startswith("family:")]
        if len(fams) > 1: errs.append(f"{sid}[{i}]: two families")
        if "procedure_answer" in ex:
            cs = t.get("codes")
            if not cs: errs.append(f"{sid}[{i}]: procedure_answer without codes")
            for c in cs or []:
                if not isinstance(c, str): errs.append(f"{sid}[{i}]: code not string {c!r}")
                elif c not in codes: errs.append(f"{sid}[{i}]: unknown code {c}")
                else: used_codes[c] += 1
        elif "codes" in t: errs.append(f"{sid}[{i}]: codes without procedure_answer")
        if "english_reply" in ex and "vietnamese_reply" in ex: errs.append(f"{sid}[{i}]: both languages")
        if not re.search(r"[A-Za-z]{3}", t["user"]) is None and "english_reply" not in ex:
            total_vi += 1
            if not viet.search(t["user"]): nodiac += 1
    # structural checks per kind
    allex = [e for t in sc["turns"] for e in t["expect"]]
    k = sc["kind"]
    need = {"report_typed_answers": "report_created", "report_no_photo": "report_created",
            "report_correction": "report_created", "report_cancelled": "cancelled",
            "pause_resume": "resumed", "trouble_then_continue": "resumed", "handoff": "handoff",
            "out_of_scope_then_real": "polite_decline", "procedure_followups": "no_repeat"}.get(k)
    if need and need not in allex: errs.append(f"{sid}: kind {k} lacks {need}")
    if k == "pause_resume" and "paused" not in allex: errs.append(f"{sid}: no paused")
    if k == "report_cancelled":
        ci = max(i for i, t in enumerate(sc["turns"]) if "cancelled" in t["expect"])
        if not any("procedure_answer" in t["expect"] or "family:dossier" in t["expect"] for t in sc["turns"][ci+1:]):
            errs.append(f"{sid}: nothing answered after cancel")
    if "report_created" in allex:
        ri = [i for i, t in enumerate(sc["turns"]) if "report_created" in t["expect"]]
        if any("form_advances" in t["expect"] for t in sc["turns"][ri[0]+1:]):
            errs.append(f"{sid}: form_advances after report_created")
dups = [i for i, n in ids.items() if n > 1]
if dups: errs.append(f"duplicate ids {dups}")
users = collections.Counter(t["user"].strip().lower() for sc in doc["scenarios"] for t in sc["turns"])
print(f"scenarios: {len(doc['scenarios'])}  turns: {turns_n}")
print("by kind:")
for k, n in sorted(kinds.items()): print(f"  {k:24s} {n}")
print("expectation use:")
for k, n in sorted(exp.items(), key=lambda x: (-x[1], x[0])): print(f"  {k:28s} {n}")
print(f"distinct catalogue codes used: {len(used_codes)}")
print(f"non-English user turns without diacritics: {nodiac}/{total_vi} = {nodiac/max(total_vi,1):.0%}")
rep = [u for u, n in users.items() if n > 2]
print(f"user lines used >2 times: {len(rep)} {rep[:10]}")
if errs:
    print("ERRORS:"); [print("  " + e) for e in errs]; sys.exit(1)
print("OK: no errors")
