#!/usr/bin/env python3
"""Validator for evaluation/data/blind/practice_followups2.yml (or the file named first). Exit 1 on any error."""
import json, os, sys, unicodedata, collections
import yaml

YML = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "practice_followups2.yml")
CAT = "/work/shared/data/catalogue/procedures_light.jsonl"
ASPECTS = {"general", "documents", "fee", "time", "where", "online",
           "conditions", "steps", "result", "legal_basis"}
N_CONV = 60
SWITCH_RANGE = (12, 18)       # "about 15"
MIN_DISTINCT = 50
NODIA_RANGE = (0.33, 0.47)    # "~40 %"

errors, warnings = [], []
def err(m): errors.append(m)

catalogue = {}
with open(CAT, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        catalogue[r["ma_thu_tuc"]] = r

def has_diacritics(s):
    for ch in s:
        if ch in "đĐ":
            return True
        if any(unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", ch)):
            return True
    return False

try:
    data = yaml.safe_load(open(YML, encoding="utf-8"))
except Exception as e:
    print("ERROR: cannot parse YAML:", e); sys.exit(1)

if not isinstance(data, dict) or set(data) != {"conversations"}:
    err("top level must be a mapping with the single key 'conversations'")
convs = (data or {}).get("conversations") or []
if not isinstance(convs, list):
    err("'conversations' must be a list"); convs = []

ids, all_codes, aspects, qs = set(), set(), collections.Counter(), collections.Counter()
n_turns = n_nodia = n_switch_conv = 0
first_levels = collections.Counter()
for ci, c in enumerate(convs):
    where = f"conv[{ci}]"
    if not isinstance(c, dict):
        err(f"{where}: not a mapping"); continue
    extra = set(c) - {"id", "split", "has_switch", "turns"}
    missing = {"id", "split", "has_switch", "turns"} - set(c)
    if extra: err(f"{where}: unknown keys {sorted(extra)}")
    if missing: err(f"{where}: missing keys {sorted(missing)}")
    cid = c.get("id"); where = f"{cid or where}"
    if not isinstance(cid, str) or not cid:
        err(f"{where}: bad id")
    elif cid in ids:
        err(f"{where}: duplicate id")
    ids.add(cid)
    if c.get("split") != "practice": err(f"{where}: split must be 'practice'")
    if not isinstance(c.get("has_switch"), bool): err(f"{where}: has_switch must be boolean")
    turns = c.get("turns") or []
    if not isinstance(turns, list) or not (2 <= len(turns) <= 4):
        err(f"{where}: must have 2-4 turns (has {len(turns) if isinstance(turns, list) else '?'})"); continue
    n_sw = 0; prev = None
    for ti, tt in enumerate(turns):
        tw = f"{where}.t{ti+1}"
        if not isinstance(tt, dict): err(f"{tw}: not a mapping"); prev = None; continue
        extra = set(tt) - {"q", "codes", "aspect", "switch"}
        if extra: err(f"{tw}: unknown keys {sorted(extra)}")
        q, codes, asp = tt.get("q"), tt.get("codes"), tt.get("aspect")
        if not isinstance(q, str) or len(q.strip()) < 5: err(f"{tw}: q missing/too short")
        else:
            n_turns += 1; qs[q.strip().lower()] += 1
            if not has_diacritics(q): n_nodia += 1
        if asp not in ASPECTS: err(f"{tw}: bad aspect {asp!r}")
        else: aspects[asp] += 1
        if not isinstance(codes, list) or not codes or not all(isinstance(x, str) for x in codes):
            err(f"{tw}: codes must be a non-empty list of strings"); prev = None; continue
        if len(set(codes)) != len(codes): err(f"{tw}: duplicate codes")
        for code in codes:
            if code not in catalogue: err(f"{tw}: code {code} not in catalogue")
            all_codes.add(code)
        sw = tt.get("switch", False)
        if "switch" in tt and tt["switch"] is not True:
            err(f"{tw}: 'switch' must be true when present (omit it otherwise)")
        if ti == 0:
            if sw: err(f"{tw}: first turn cannot be a switch")
            lv = [catalogue[x]["cap_thuc_hien"] for x in codes if x in catalogue]
            first_levels["Cấp xã" if any("Cấp xã" in l for l in lv) else "other"] += 1
        elif prev is not None:
            if sw:
                n_sw += 1
                if set(codes) & set(prev):
                    err(f"{tw}: switch turn shares codes with previous turn {sorted(set(codes) & set(prev))}")
            elif sorted(codes) != sorted(prev):
                err(f"{tw}: non-switch follow-up must keep the previous turn's codes {prev}, got {codes}")
        prev = codes
    if n_sw > 1: err(f"{where}: more than one switch turn ({n_sw})")
    if c.get("has_switch") is not (n_sw == 1):
        err(f"{where}: has_switch={c.get('has_switch')} but {n_sw} switch turn(s)")
    n_switch_conv += (n_sw == 1)

if len(convs) != N_CONV: err(f"expected {N_CONV} conversations, got {len(convs)}")
if not (SWITCH_RANGE[0] <= n_switch_conv <= SWITCH_RANGE[1]):
    err(f"switch conversations {n_switch_conv} outside {SWITCH_RANGE}")
if len(all_codes) < MIN_DISTINCT: err(f"only {len(all_codes)} distinct codes (< {MIN_DISTINCT})")
missing_asp = ASPECTS - set(aspects)
if missing_asp: warnings.append(f"aspects never used: {sorted(missing_asp)}")
share = n_nodia / n_turns if n_turns else 0
if not (NODIA_RANGE[0] <= share <= NODIA_RANGE[1]):
    err(f"no-diacritics share {share:.1%} outside {NODIA_RANGE}")
dups = [q for q, n in qs.items() if n > 1]
if dups: err(f"duplicate questions: {dups}")

domains = collections.Counter(catalogue[c]["linh_vuc"] for c in all_codes if c in catalogue)
print(f"conversations: {len(convs)}  turns: {n_turns}  switch conversations: {n_switch_conv}")
print(f"turns without diacritics: {n_nodia}/{n_turns} = {share:.1%}")
print(f"distinct codes: {len(all_codes)}  fields (linh_vuc): {len(domains)}")
print("aspects:", dict(sorted(aspects.items(), key=lambda kv: -kv[1])))
print("first-turn level:", dict(first_levels))
for w in warnings: print("WARNING:", w)
for e in errors: print("ERROR:", e)
print("OK: no errors" if not errors else f"FAILED: {len(errors)} error(s)")
sys.exit(1 if errors else 0)
