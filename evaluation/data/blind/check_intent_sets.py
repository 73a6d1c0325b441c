import yaml, collections, re, sys
import os
D=os.path.dirname(os.path.abspath(__file__))+'/'
FAMS=['procedure','dossier','report','follow_report','vneid','digital_signature','staff','smalltalk','out_of_scope','language']
VOC={'procedure_answer','form_advances','report_created','cancelled','paused','resumed','handoff','back_to_bot','english_reply','vietnamese_reply','no_repeat','polite_decline'}
m=yaml.safe_load(open(D+'messages.yml'))['messages']
s=yaml.safe_load(open(D+'scenarios.yml'))['scenarios']
ok=True
def chk(c,msg):
    global ok
    if not c: ok=False; print('FAIL',msg)
ids=[x['id'] for x in m]; chk(len(ids)==len(set(ids)),'dup msg ids')
texts=[x['text'] for x in m]; chk(len(texts)==len(set(texts)),'dup texts')
for x in m:
    chk(set(x)>= {'id','split','family','diacritics','text'},x)
    chk(x['family'] in FAMS,x); chk(x['split'] in ('dev','test'),x); chk(isinstance(x['diacritics'],bool),x); chk(isinstance(x['text'],str),x)
fs=collections.Counter((x['family'],x['split']) for x in m)
print('MESSAGES total',len(m))
print(f"{'family':18} {'dev':>4} {'test':>4} {'total':>5} {'en':>3} {'no-diac':>7} {'numbers':>7}")
for f in FAMS:
    n=fs[(f,'dev')]+fs[(f,'test')]
    en=sum(1 for x in m if x['family']==f and x.get('lang')=='en')
    nd=sum(1 for x in m if x['family']==f and not x['diacritics'])
    nu=sum(1 for x in m if x['family']==f and 'numbers' in x.get('tags',[]))
    print(f"{f:18} {fs[(f,'dev')]:4} {fs[(f,'test')]:4} {n:5} {en:3} {nd:7} {nu:7}")
    chk(n>= (15 if f=='language' else 35), f'min count {f}')
    chk(abs(fs[(f,'dev')]-fs[(f,'test')])<=1, f'balance {f}')
sp=collections.Counter(x['split'] for x in m); print('split',dict(sp))
vi=[x for x in m if x.get('lang')=='vi']
print('vietnamese msgs',len(vi),'without diacritics',sum(not x['diacritics'] for x in vi), f"{100*sum(not x['diacritics'] for x in vi)/len(vi):.0f}%",
      '| all msgs without diacritics', f"{100*sum(not x['diacritics'] for x in m)/len(m):.0f}%")
print('english msgs',sum(x.get('lang')=='en' for x in m),'of which procedure/report/staff/smalltalk',
      sum(x.get('lang')=='en' and x['family'] in ('procedure','report','staff','smalltalk') for x in m))
print('numbers-tagged (non-dossier)',sum('numbers' in x.get('tags',[]) for x in m))
# scenarios
sids=[x['id'] for x in s]; chk(len(sids)==len(set(sids)),'dup scen ids')
ks=collections.Counter((x['kind'],x['split']) for x in s)
ec=collections.Counter(); nturns=0
for x in s:
    chk(x['split'] in ('dev','test'),x['id']); chk(len(x['turns'])>=1,x['id'])
    for t in x['turns']:
        nturns+=1
        chk(isinstance(t['user'],str) and t['user'].strip(),x['id'])
        chk(isinstance(t['expect'],list) and t['expect'],x['id'])
        for e in t['expect']:
            ec[e]+=1
            chk(e in VOC or (e.startswith('family:') and e[7:] in FAMS), (x['id'],e))
        if 'codes' in t: chk('procedure_answer' in t['expect'], (x['id'],'codes without procedure_answer'))
        chk(set(t)<= {'user','expect','codes'}, (x['id'],t))
print('\nSCENARIOS total',len(s),'turns',nturns, 'split',dict(collections.Counter(x['split'] for x in s)))
kinds=sorted({x['kind'] for x in s},key=lambda k:[y['kind'] for y in s].index(k))
for k in kinds:
    print(f"{k:26} dev {ks[(k,'dev')]:2} test {ks[(k,'test')]:2}")
    if k!='mixed': chk(ks[(k,'dev')]+ks[(k,'test')]>=8,f'min kind {k}')
print('expectation use:',dict(sorted(ec.items())))
print('ALL CHECKS PASSED' if ok else 'SOME CHECKS FAILED')
