#!/usr/bin/env python3
"""Validator for practice5_scenarios.yml (blind evaluation set, batch 5).

Checks: schema, expectation vocabulary, family names, 2-6 turns, `codes`
present exactly on turns expecting procedure_answer, every code present in the
catalogue, kind counts, per-kind shape rules, no verbatim catalogue names in
user turns. Prints statistics; exits 1 on any error.

Usage: python3 check5.py [scenarios.yml] [procedures_light.jsonl]
"""
import json
import re
import sys
import unicodedata
from collections import Counter, OrderedDict

import yaml

HERE = sys.path[0] or "."
SCEN = sys.argv[1] if len(sys.argv) > 1 else f"{HERE}/practice5_scenarios.yml"
CATALOGUE = (sys.argv[2] if len(sys.argv) > 2
             else "/work/shared/data/catalogue/procedures_light.jsonl")

FAMILIES = {"procedure", "dossier", "report", "follow_report", "vneid",
            "digital_signature", "staff", "smalltalk", "out_of_scope",
            "language"}
PLAIN = {"procedure_answer", "form_advances", "no_repeat", "report_created",
         "cancelled", "paused", "resumed", "handoff", "back_to_bot",
         "english_reply", "vietnamese_reply", "polite_decline"}
KIND_TARGETS = OrderedDict([
    ("handoff", 10), ("report_no_photo", 10), ("out_of_scope_then_real", 10),
    ("procedure_followups", 10), ("english", 6), ("smalltalk_mixed", 4)])
SCEN_KEYS = {"id", "split", "kind", "note", "turns"}
TURN_KEYS_REQ = {"user", "expect"}
TURN_KEYS_OPT = {"codes"}
CODE_RE = re.compile(r"^\d\.\d{6}$")

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def strip_accents(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if unicodedata.category(c) != "Mn")


def norm(s):
    s = strip_accents(s.lower())
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " " + re.sub(r"\s+", " ", s).strip() + " "


def has_vn_diacritics(s):
    return strip_accents(s) != s


# Common English function words, used only to tell an English turn from a
# Vietnamese turn typed without diacritics (for the statistics).
EN_WORDS = set("""the i i'm my is are am was you your it it's this that there
and or of in on at for with from about how what where when which who can could
do does did please thanks thank yes not just will would should have has need
we our me hi hello hey get if after before much long back switch""".split())


def is_vietnamese(text):
    toks = re.findall(r"[^\W\d_]+(?:'[a-z]+)?", text.lower())
    if not toks:
        return False
    accented = sum(has_vn_diacritics(t) for t in toks)
    en_ratio = sum(t in EN_WORDS for t in toks) / len(toks)
    if accented >= 2:
        return True
    return en_ratio < 0.25


def load_catalogue(path):
    codes, names = set(), set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            codes.add(str(r.get("ma_thu_tuc", "")).strip())
            name = r.get("ten_thu_tuc") or ""
            n = norm(name)
            n2 = norm(re.sub(r"^\s*thủ tục\s+", "", name, flags=re.I))
            for x in (n, n2):
                if len(x.split()) >= 3:
                    names.add(x)
    return codes, names


def main():
    cat_codes, cat_names = load_catalogue(CATALOGUE)
    with open(SCEN, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or set(data) != {"scenarios"}:
        err("top", "must be a mapping with the single key 'scenarios'")
        return report([])
    scen = data["scenarios"]
    if not isinstance(scen, list):
        err("top", "'scenarios' must be a list")
        return report([])

    ids = set()
    for i, s in enumerate(scen):
        w = f"scenario[{i}]"
        if not isinstance(s, dict):
            err(w, "not a mapping")
            continue
        sid = s.get("id")
        w = f"{sid or w}"
        if set(s) != SCEN_KEYS:
            err(w, f"keys must be {sorted(SCEN_KEYS)}, got {sorted(s)}")
        if not isinstance(sid, str) or not sid:
            err(w, "id missing")
        elif sid in ids:
            err(w, "duplicate id")
        ids.add(sid)
        if s.get("split") != "practice":
            err(w, "split must be 'practice'")
        if s.get("kind") not in KIND_TARGETS:
            err(w, f"unknown kind {s.get('kind')!r}")
        if not isinstance(s.get("note"), str) or not s.get("note", "").strip():
            err(w, "note missing")
        elif "\n" in s["note"]:
            err(w, "note must be one line")
        turns = s.get("turns")
        if not isinstance(turns, list) or not 2 <= len(turns) <= 6:
            err(w, "turns must be a list of 2-6 turns")
            continue
        for j, t in enumerate(turns):
            tw = f"{w} turn {j + 1}"
            if not isinstance(t, dict):
                err(tw, "not a mapping")
                continue
            keys = set(t)
            if not TURN_KEYS_REQ <= keys or keys - TURN_KEYS_REQ - TURN_KEYS_OPT:
                err(tw, f"bad keys {sorted(keys)}")
            u = t.get("user")
            if not isinstance(u, str) or not u.strip():
                err(tw, "user text missing")
            else:
                nu = norm(u)
                for name in cat_names:
                    if name in nu:
                        err(tw, f"copies a catalogue name verbatim:{name}")
                        break
            ex = t.get("expect")
            if not isinstance(ex, list) or not ex:
                err(tw, "expect must be a non-empty list")
                continue
            if len(set(map(str, ex))) != len(ex):
                err(tw, "duplicate expectation")
            fams = []
            for e in ex:
                if not isinstance(e, str):
                    err(tw, f"expectation not a string: {e!r}")
                elif e.startswith("family:"):
                    f = e.split(":", 1)[1]
                    if f not in FAMILIES:
                        err(tw, f"unknown family {f!r}")
                    fams.append(f)
                elif e not in PLAIN:
                    err(tw, f"unknown expectation {e!r}")
            if len(fams) > 1:
                err(tw, "more than one family")
            if "english_reply" in ex and "vietnamese_reply" in ex:
                err(tw, "both english_reply and vietnamese_reply")
            has_pa = "procedure_answer" in ex
            if has_pa != ("codes" in t):
                err(tw, "codes must appear exactly on procedure_answer turns")
            if "codes" in t:
                c = t["codes"]
                if not isinstance(c, list) or not c:
                    err(tw, "codes must be a non-empty list")
                else:
                    if len(set(c)) != len(c):
                        err(tw, "duplicate code")
                    for code in c:
                        if not isinstance(code, str) or not CODE_RE.match(code):
                            err(tw, f"bad code format {code!r}")
                        elif code not in cat_codes:
                            err(tw, f"code {code} not in catalogue")
        check_kind(w, s.get("kind"), turns)

    kc = Counter(s.get("kind") for s in scen if isinstance(s, dict))
    for k, n in KIND_TARGETS.items():
        if kc.get(k, 0) != n:
            err("kinds", f"{k}: {kc.get(k, 0)} scenarios, expected {n}")
    if len(scen) != sum(KIND_TARGETS.values()):
        err("kinds", f"{len(scen)} scenarios, expected {sum(KIND_TARGETS.values())}")
    return report(scen)


def exps(t):
    return t.get("expect") or [] if isinstance(t, dict) else []


def check_kind(w, kind, turns):
    flat = [exps(t) for t in turns]
    if kind == "handoff":
        hi = [i for i, e in enumerate(flat) if "handoff" in e]
        bi = [i for i, e in enumerate(flat) if "back_to_bot" in e]
        if not hi or not bi or min(bi) <= min(hi):
            err(w, "handoff scenario needs handoff then back_to_bot")
        elif not any(f"family:{f}" in e for e in flat[min(bi) + 1:]
                     for f in ("procedure", "report", "dossier")):
            err(w, "handoff scenario needs a real request after back_to_bot")
    elif kind == "report_no_photo":
        if "report_created" not in flat[-1]:
            err(w, "report_no_photo must end with report_created")
        if not any("family:report" in e for e in flat):
            err(w, "report_no_photo needs family:report")
    elif kind == "out_of_scope_then_real":
        if not ("family:out_of_scope" in flat[0] and "polite_decline" in flat[0]):
            err(w, "first turn must be out_of_scope + polite_decline")
        if not any(f"family:{f}" in e for e in flat[1:]
                   for f in ("procedure", "dossier", "report", "follow_report")):
            err(w, "needs a real request after the decline")
    elif kind == "procedure_followups":
        pa = [t for t in turns if "procedure_answer" in exps(t)]
        if len(pa) < 3:
            err(w, "needs a question and at least 2 follow-ups")
        sets = {tuple(sorted(t.get("codes") or [])) for t in pa}
        if len(sets) > 1:
            err(w, "follow-ups must keep the same codes")
        for t in pa[1:]:
            if "no_repeat" not in exps(t):
                err(w, "follow-ups must carry no_repeat")
    elif kind == "english":
        if not any("english_reply" in e for e in flat):
            err(w, "english scenario needs english_reply")
    elif kind == "smalltalk_mixed":
        if not any("family:smalltalk" in e for e in flat):
            err(w, "smalltalk_mixed needs family:smalltalk")


def report(scen):
    kc = Counter(s.get("kind") for s in scen if isinstance(s, dict))
    ec = Counter()
    nturns = vn = vn_bare = en = 0
    codes_used = Counter()
    for s in scen:
        for t in s.get("turns") or []:
            if not isinstance(t, dict):
                continue
            nturns += 1
            for e in exps(t):
                ec[e] += 1
            for c in t.get("codes") or []:
                codes_used[c] += 1
            u = t.get("user") or ""
            if is_vietnamese(u):
                vn += 1
                if not has_vn_diacritics(u):
                    vn_bare += 1
            else:
                en += 1
    print(f"scenarios: {len(scen)}   turns: {nturns}")
    print("kinds:")
    for k in KIND_TARGETS:
        print(f"  {k:24s} {kc.get(k, 0):3d} (target {KIND_TARGETS[k]})")
    print("expectations:")
    for e, n in sorted(ec.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {e:28s} {n:3d}")
    share = (100.0 * vn_bare / vn) if vn else 0.0
    print(f"Vietnamese turns: {vn}, without diacritics: {vn_bare} ({share:.1f}%)"
          f"; English turns: {en}")
    print(f"distinct catalogue codes used: {len(codes_used)}")
    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK: no errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
