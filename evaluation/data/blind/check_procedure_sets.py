#!/usr/bin/env python3
"""Validate the blind procedure evaluation set against the catalogue and print counts.
Usage: python3 evaluation/data/blind/check_procedure_sets.py
(reads procedure_questions.yml / followup_conversations.yml next to this file; the catalogue from ../shared/data)"""
import json, os, re, sys, collections, difflib, itertools, unicodedata
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CAT = os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'catalogue', 'procedures_light.jsonl')
cat = {}
for line in open(CAT, encoding='utf-8'):
    r = json.loads(line); cat[r['ma_thu_tuc']] = r

STYLES = {'formal', 'casual', 'teencode', 'typos', 'no_diacritics'}
ASPECTS = {'documents', 'fee', 'time', 'where', 'online', 'steps', 'conditions', 'result', 'legal_basis', 'general'}
errors = []

def norm(s):
    s = s.lower().replace('đ', 'd')
    s = unicodedata.normalize('NFD', s)
    s = ''.join(ch for ch in s if unicodedata.category(ch) != 'Mn')
    return re.sub(r'\s+', ' ', re.sub(r'[^a-z0-9 ]', ' ', s)).strip()

# ---------------- questions ----------------
Q = yaml.safe_load(open(os.path.join(HERE, 'procedure_questions.yml'), encoding='utf-8'))['questions']
ids = [q['id'] for q in Q]
if len(ids) != len(set(ids)): errors.append('duplicate question ids')
for q in Q:
    for k in ('id', 'split', 'style', 'codes', 'q'):
        if k not in q: errors.append(f"{q.get('id')}: missing {k}")
    if q['split'] not in ('dev', 'test'): errors.append(f"{q['id']}: bad split")
    if q['style'] not in STYLES: errors.append(f"{q['id']}: bad style {q['style']}")
    if not q['codes']: errors.append(f"{q['id']}: no codes")
    for c in q['codes']:
        if c not in cat: errors.append(f"{q['id']}: code {c} not in catalogue")
    if q['style'] == 'no_diacritics' and re.search(r'[^\x00-\x7f]', q['q']):
        errors.append(f"{q['id']}: no_diacritics question contains non-ASCII")
# near duplicates
nq = [(q['id'], norm(q['q'])) for q in Q]
dups = [(a, b, round(difflib.SequenceMatcher(None, x, y).ratio(), 2))
        for (a, x), (b, y) in itertools.combinations(nq, 2)
        if difflib.SequenceMatcher(None, x, y).ratio() > 0.85]
for d in dups: errors.append(f'near-duplicate questions {d}')

print(f'questions: {len(Q)}')
def table(rows, key):
    c = collections.Counter((r[key], r['split']) for r in rows)
    keys = sorted({k for k, _ in c})
    print(f'  {key:<16}{"dev":>6}{"test":>6}{"total":>7}')
    for k in keys:
        print(f'  {k:<16}{c[(k,"dev")]:>6}{c[(k,"test")]:>6}{c[(k,"dev")]+c[(k,"test")]:>7}')
print(' split:', dict(collections.Counter(q['split'] for q in Q)))
print(' by style x split:'); table(Q, 'style')
if all('topic' in q for q in Q):
    print(' by topic x split:'); table(Q, 'topic')
print(' distinct codes used:', len({c for q in Q for c in q['codes']}))
print(' questions with >1 code:', sum(1 for q in Q if len(q['codes']) > 1))
lv = collections.Counter()
for q in Q:
    levels = set()
    for c in q['codes']:
        levels |= {x.strip() for x in cat[c]['cap_thuc_hien'].split(',')}
    lv['has Cấp xã' if 'Cấp xã' in levels else ('has Cấp tỉnh' if 'Cấp tỉnh' in levels else 'other')] += 1
print(' level of labelled codes:', dict(lv))

# ---------------- follow-ups ----------------
F = yaml.safe_load(open(os.path.join(HERE, 'followup_conversations.yml'), encoding='utf-8'))['conversations']
cids = [c['id'] for c in F]
if len(cids) != len(set(cids)): errors.append('duplicate conversation ids')
asp = collections.Counter(); nturns = collections.Counter(); nsw = 0
for c in F:
    if c['split'] not in ('dev', 'test'): errors.append(f"{c['id']}: bad split")
    t = c['turns']
    if not 2 <= len(t) <= 4: errors.append(f"{c['id']}: {len(t)} turns")
    nturns[len(t)] += 1
    sw = False
    for i, turn in enumerate(t):
        if turn['aspect'] not in ASPECTS: errors.append(f"{c['id']}: bad aspect {turn['aspect']}")
        asp[turn['aspect']] += 1
        for code in turn['codes']:
            if code not in cat: errors.append(f"{c['id']}: code {code} not in catalogue")
        if i > 0:
            same = set(turn['codes']) == set(t[i-1]['codes'])
            if turn.get('switch'):
                sw = True
                if same: errors.append(f"{c['id']} turn {i}: switch but same codes")
            elif not same:
                errors.append(f"{c['id']} turn {i}: codes change without switch")
    if sw != bool(c.get('has_switch')): errors.append(f"{c['id']}: has_switch flag wrong")
    nsw += sw
print(f'\nconversations: {len(F)}  turns: {sum(len(c["turns"]) for c in F)}')
print(' split:', dict(collections.Counter(c['split'] for c in F)))
print(' turns per conversation:', dict(sorted(nturns.items())))
print(f' conversations with a procedure switch: {nsw} ({nsw/len(F):.0%})')
print(' aspects:', dict(asp.most_common()))

print('\nERRORS:' if errors else '\nall checks passed')
for e in errors: print(' ', e)
sys.exit(1 if errors else 0)
