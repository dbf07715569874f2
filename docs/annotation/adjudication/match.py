"""Three-way matching of A, B, R annotations (mentions, quotes, claims).
Match by exact (start,end); else best Dice >= 0.5 on character sets, one-to-one.
Outputs adjudication/diffs.csv and adjudication/naming.csv."""
import csv, os, sys
from itertools import product
BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXT = open(os.path.join(BASE, 'text.txt'), encoding='utf-8').read()

# entity IDs that denote the same real-world referent (ID-only naming differences)
ALIASES = [
    {'andrei-lugovoi', 'alexander-lugovoi'},
    {'csto-dushanbe-summit', 'csto-summit-dushanbe', 'csto-dushanbe-summit-2007'},
    {'washington-dc', 'washington'},
    {'kapchagai', 'kapchagay'},
    {'nurek-facility', 'okno'},
    {'russian-ministry-of-defense', 'russian-ministry-of-defence'},
    {'russian-space-troops', 'russian-space-forces'},
    {'west', 'the-west'},
]
CANON = {}
for s in ALIASES:
    c = sorted(s)[0]
    for e in s:
        CANON[e] = c
def canon(e): return CANON.get(e, e)

def load(who, table):
    with open(os.path.join(BASE, who, table + '.csv'), encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r['_s'], r['_e'] = int(r['start']), int(r['end'])
        assert TEXT[r['_s']:r['_e']] == r['exact'], (who, table, r)
    return rows

def dice(a, b):
    A = set(range(a['_s'], a['_e'])); B = set(range(b['_s'], b['_e']))
    return 2 * len(A & B) / (len(A) + len(B)) if A or B else 0

def match(X, Y, key=None):
    """one-to-one: exact span first (same key if given, else any), then greedy best Dice>=0.5"""
    pairs, ux, uy = {}, set(), set()
    for passes in (True, False):
        for i, x in enumerate(X):
            if i in ux: continue
            for j, y in enumerate(Y):
                if j in uy: continue
                if (x['_s'], x['_e']) == (y['_s'], y['_e']) and (not passes or key is None or key(x) == key(y)):
                    pairs[i] = j; ux.add(i); uy.add(j); break
    cand = sorted(((dice(x, y), i, j) for (i, x), (j, y) in product(enumerate(X), enumerate(Y))
                   if i not in ux and j not in uy), reverse=True)
    for d, i, j in cand:
        if d < 0.5: break
        if i in ux or j in uy: continue
        pairs[i] = j; ux.add(i); uy.add(j)
    return pairs

FIELDS = {
    'claims': ['claim_type', 'attribution', 'certainty', 'polarity', 'source_entity_id', 'quote_id', 'citation_id'],
    'quotes': ['kind', 'speaker_entity_id', 'utterance_id', 'citation_id', 'cue'],
    'mentions': ['entity_id'],
}
IDCOL = {'claims': 'claim_id', 'quotes': 'quote_id', 'mentions': 'mention_id'}

def align(table):
    A, B, R = (load(w, table) for w in 'ABR')
    key = (lambda r: canon(r['entity_id'])) if table == 'mentions' else None
    ar = match(A, R, key); br = match(B, R, key)
    ra = {j: i for i, j in ar.items()}; rb = {j: i for i, j in br.items()}
    groups = []
    for j, r in enumerate(R):
        groups.append((A[ra[j]] if j in ra else None, B[rb[j]] if j in rb else None, r))
    Ar = [i for i in range(len(A)) if i not in ar]; Br = [i for i in range(len(B)) if i not in br]
    ab = match([A[i] for i in Ar], [B[i] for i in Br], key)
    usedb = set()
    for ii, jj in ab.items():
        groups.append((A[Ar[ii]], B[Br[jj]], None)); usedb.add(jj)
    for ii in range(len(Ar)):
        if ii not in ab: groups.append((A[Ar[ii]], None, None))
    for jj in range(len(Br)):
        if jj not in usedb: groups.append((None, B[Br[jj]], None))
    return groups

def sp(r): return '' if r is None else f"{r['_s']}-{r['_e']}:{r['exact']}"

def main():
    out, naming = [], []
    for table in ('mentions', 'quotes', 'claims'):
        idc = IDCOL[table]
        for a, b, r in align(table):
            ids = [x[idc] if x else '' for x in (a, b, r)]
            spans = [sp(x) for x in (a, b, r)]
            if len({s for s in spans}) > 1:
                out.append([table, ids[2], ids[0], ids[1], 'span' if all((a, b, r)) else 'item', *spans])
            for f in FIELDS[table]:
                vals = [x[f] if x else None for x in (a, b, r)]
                present = [v for v in vals if v is not None]
                if f == 'entity_id':
                    cv = {canon(v) for v in present}
                    if len(cv) == 1 and len(set(present)) > 1:
                        naming.append([table, ids[2], ids[0], ids[1], *[v or '' for v in vals]])
                    if len(cv) > 1:
                        out.append([table, ids[2], ids[0], ids[1], f, *[v if v is not None else '' for v in vals]])
                elif len(set(present)) > 1:
                    out.append([table, ids[2], ids[0], ids[1], f, *[v if v is not None else '' for v in vals]])
    hdr = ['table', 'r_id', 'a_id', 'b_id', 'field', 'a_value', 'b_value', 'r_value']
    with open(os.path.join(BASE, 'adjudication', 'diffs.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f); w.writerow(hdr); w.writerows(out)
    with open(os.path.join(BASE, 'adjudication', 'naming.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f); w.writerow(hdr[:4] + ['a_entity', 'b_entity', 'r_entity']); w.writerows(naming)
    print(len(out), 'disagreements;', len(naming), 'ID-only naming differences')

if __name__ == '__main__':
    main()
