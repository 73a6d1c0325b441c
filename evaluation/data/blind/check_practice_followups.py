#!/usr/bin/env python3
"""Validate evaluation/data/blind/practice_followups.yml (or the file named as the first argument).

Checks: top-level shape, ids unique, split, has_switch consistent with turns,
2-4 turns, aspects in the allowed set, codes exist in the catalogue, first turn
has no switch, codes only change on switch turns (and a switch turn really
changes them), no unknown keys. Prints counts (conversations, turns, switches,
aspects, turns without diacritics, codes/fields/levels covered).
Exit status 1 if any error.
"""
import collections, json, sys, unicodedata
from pathlib import Path
import yaml

YML = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).with_name("practice_followups.yml"))
CAT = "/work/shared/data/catalogue/procedures_light.jsonl"
ASPECTS = {"general", "documents", "fee", "time", "where", "online", "steps", "conditions"}
CONV_KEYS = {"id", "split", "has_switch", "turns"}
TURN_KEYS = {"q", "codes", "aspect", "switch"}

cat = {}
with open(CAT, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        cat[r["ma_thu_tuc"]] = r

def has_diacritics(s):
    # Vietnamese letters outside plain ASCII (đ, ơ, ư, accented vowels ...)
    return any(ord(ch) > 127 and unicodedata.category(ch).startswith("L") for ch in s)

errors = []
def err(cid, msg):
    errors.append(f"{cid}: {msg}")

data = yaml.safe_load(open(YML, encoding="utf-8"))
if not isinstance(data, dict) or set(data) != {"conversations"}:
    print("ERROR: top level must be a mapping with only 'conversations'"); sys.exit(1)
convs = data["conversations"]

ids = collections.Counter()
aspects = collections.Counter()
first_aspects = collections.Counter()
n_turns = 0
n_switch_turns = 0
n_switch_convs = 0
no_diac = 0
turn_len = collections.Counter()
codes_used = set()
levels = collections.Counter()
fields = collections.Counter()

for c in convs:
    cid = c.get("id", "?")
    ids[cid] += 1
    if set(c) - CONV_KEYS or CONV_KEYS - set(c):
        err(cid, f"keys {sorted(c)}")
    if c.get("split") != "practice":
        err(cid, f"split={c.get('split')!r}")
    turns = c.get("turns") or []
    turn_len[len(turns)] += 1
    if not 2 <= len(turns) <= 4:
        err(cid, f"{len(turns)} turns")
    prev = None
    sw = 0
    for i, tu in enumerate(turns):
        n_turns += 1
        if set(tu) - TURN_KEYS or not {"q", "codes", "aspect"} <= set(tu):
            err(cid, f"turn {i} keys {sorted(tu)}")
        qtext = tu.get("q")
        if not isinstance(qtext, str) or not qtext.strip():
            err(cid, f"turn {i} empty q")
            qtext = ""
        if not has_diacritics(qtext):
            no_diac += 1
        a = tu.get("aspect")
        if a not in ASPECTS:
            err(cid, f"turn {i} aspect {a!r}")
        aspects[a] += 1
        if i == 0:
            first_aspects[a] += 1
        codes = tu.get("codes")
        if not isinstance(codes, list) or not codes or not all(isinstance(x, str) for x in codes):
            err(cid, f"turn {i} codes {codes!r}")
            codes = []
        if len(set(codes)) != len(codes):
            err(cid, f"turn {i} duplicate codes")
        for x in codes:
            if x not in cat:
                err(cid, f"turn {i} unknown code {x}")
            else:
                codes_used.add(x)
        s = tu.get("switch", False)
        if s not in (True, False):
            err(cid, f"turn {i} switch={s!r}")
        if i == 0:
            if s:
                err(cid, "first turn marked switch")
        else:
            same = set(codes) == set(prev)
            if s:
                sw += 1
                if same:
                    err(cid, f"turn {i} switch but codes unchanged")
                elif set(codes) & set(prev):
                    err(cid, f"turn {i} switch overlaps previous codes")
            elif not same:
                err(cid, f"turn {i} codes change without switch: {prev} -> {codes}")
        prev = codes
    n_switch_turns += sw
    if sw:
        n_switch_convs += 1
    if bool(sw) != (c.get("has_switch") is True):
        err(cid, f"has_switch={c.get('has_switch')!r} but {sw} switch turns")
    if c.get("has_switch") not in (True, False):
        err(cid, "has_switch not boolean")

for k, v in ids.items():
    if v > 1:
        err(k, "duplicate id")

for x in codes_used:
    r = cat[x]
    fields[r["linh_vuc"]] += 1
    levels["ward (Cấp xã)" if "Cấp xã" in r["cap_thuc_hien"] else "not ward"] += 1

print(f"file: {YML}")
print(f"conversations: {len(convs)}  turns: {n_turns}  (turns per conversation: {dict(sorted(turn_len.items()))})")
print(f"conversations with a switch: {n_switch_convs}  switch turns: {n_switch_turns}")
print(f"follow-up turns: {n_turns - len(convs)}")
print(f"turns without diacritics: {no_diac} ({100*no_diac/max(n_turns,1):.0f}%)")
print("aspects (all turns):", dict(aspects.most_common()))
print("aspects (first turns):", dict(first_aspects.most_common()))
print(f"distinct codes: {len(codes_used)}  by level: {dict(levels)}")
print("fields (distinct codes per linh_vuc):")
for k, v in fields.most_common():
    print(f"  {v:2d}  {k}")
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nOK: no errors")
