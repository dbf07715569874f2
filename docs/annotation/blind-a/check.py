#!/usr/bin/env python3
"""Verify every span in annotator A's CSVs against the text."""
import csv, os, re
HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = open(os.path.join(HERE, '..', 'text.txt'), encoding='utf-8').read()
def rows(n): return list(csv.DictReader(open(os.path.join(HERE, n), encoding='utf-8', newline='')))
err = 0
ents = {r['entity_id']: r for r in rows('entities.csv')}
for r in ents: 
    if not re.fullmatch(r'[a-z0-9]+(-[a-z0-9]+)*', r): print('bad slug', r); err += 1
tables = {n: rows(n) for n in ['mentions.csv', 'citations.csv', 'quotes.csv', 'claims.csv']}
n = 0
for name, rs in tables.items():
    for r in rs:
        s, e = int(r['start']), int(r['end'])
        n += 1
        if TEXT[s:e] != r['exact'] or r['exact'] != r['exact'].strip():
            print('SPAN MISMATCH', name, r); err += 1
        if r.get('cue') and r.get('cue_start'):
            cs, ce = int(r['cue_start']), int(r['cue_end']); n += 1
            if TEXT[cs:ce] != r['cue']: print('CUE MISMATCH', r); err += 1
mids = {m['mention_id']: m for m in tables['mentions.csv']}
seen = set()
for m in tables['mentions.csv']:
    if m['entity_id'] not in ents: print('unknown entity', m); err += 1
    k = (m['entity_id'], m['start'], m['end'])
    if k in seen: print('dup mention', m); err += 1
    seen.add(k)
qids = {q['quote_id'] for q in tables['quotes.csv']}
cids = {c['citation_id'] for c in tables['citations.csv']}
ce = rows('claim_entities.csv')
for c in tables['claims.csv']:
    if c['attribution'] in ('reported', 'quoted'):
        if not c['cue'] or not c['source_entity_id']: print('missing cue/src', c['claim_id']); err += 1
        if mids[c['source_mention_id']]['entity_id'] != c['source_entity_id']: print('src mention mismatch', c['claim_id']); err += 1
        if not any(x['claim_id'] == c['claim_id'] and x['entity_id'] == c['source_entity_id'] and x['role'] == 'source' for x in ce):
            print('no source row', c['claim_id']); err += 1
        if c['attribution'] == 'reported' and not (int(c['start']) <= int(c['cue_start']) and int(c['cue_end']) <= int(c['end'])):
            print('cue outside span', c['claim_id']); err += 1
    else:
        if c['cue'] or c['source_entity_id'] or c['quote_id']: print('author with src', c['claim_id']); err += 1
    if c['quote_id'] and c['quote_id'] not in qids: err += 1; print('bad qid')
    if c['citation_id'] and c['citation_id'] not in cids: err += 1; print('bad cid')
    if not c['statement'].endswith('.'): print('statement no stop', c['claim_id']); err += 1
for x in ce:
    if x['entity_id'] not in ents: print('ce unknown entity', x); err += 1
print('spans checked:', n, 'errors:', err)
