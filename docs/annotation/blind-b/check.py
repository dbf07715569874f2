#!/usr/bin/env python3
"""Verify every span of annotator B's CSVs against the text."""
import csv
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = open(os.path.join(HERE, '..', 'text.txt'), encoding='utf-8').read()


def rows(name):
    with open(os.path.join(HERE, name), encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


errors = 0
n = 0
ents = {r['entity_id'] for r in rows('entities.csv')}
slug = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*$')
for e in ents:
    assert slug.match(e), e
for name in ['mentions.csv', 'citations.csv', 'quotes.csv', 'claims.csv']:
    for r in rows(name):
        s, e = int(r['start']), int(r['end'])
        n += 1
        if TEXT[s:e] != r['exact'] or r['exact'] != r['exact'].strip() or not r['exact']:
            errors += 1
            print('SPAN MISMATCH', name, r)
        if name == 'claims.csv' and r['cue']:
            cs, ce = int(r['cue_start']), int(r['cue_end'])
            n += 1
            if TEXT[cs:ce] != r['cue']:
                errors += 1
                print('CUE MISMATCH', r['claim_id'])
            if r['attribution'] == 'reported' and not (s <= cs and ce <= e):
                errors += 1
                print('CUE OUTSIDE SPAN', r['claim_id'])
        for k in ('entity_id', 'speaker_entity_id', 'source_entity_id', 'outlet_entity_id', 'place_entity_id'):
            if r.get(k) and r[k] not in ents:
                errors += 1
                print('UNKNOWN ENTITY', name, k, r[k])
# mention uniqueness
seen = set()
for r in rows('mentions.csv'):
    key = (r['entity_id'], r['start'], r['end'])
    if key in seen:
        errors += 1
        print('DUP MENTION', r)
    seen.add(key)
# quoted claims inside quotes
qs = {q['quote_id']: q for q in rows('quotes.csv')}
for c in rows('claims.csv'):
    if c['attribution'] == 'quoted':
        q = qs[c['quote_id']]
        if not (int(q['start']) <= int(c['start']) and int(c['end']) <= int(q['end'])):
            errors += 1
            print('QUOTED CLAIM OUTSIDE QUOTE', c['claim_id'])
# body sentence coverage (rough split)
body_start = TEXT.index('\n', TEXT.index('Publication:'))
spans = [(int(r['start']), int(r['end'])) for r in rows('claims.csv') + rows('quotes.csv')]
for m in re.finditer(r'[^\n]+', TEXT[body_start:]):
    p0 = body_start + m.start()
    for sm in re.finditer(r'.+?(?:[.!?][”\u201d]?(?=\s|$)|$)', m.group()):
        a, b = p0 + sm.start(), p0 + sm.end()
        if not any(s < b and e > a for s, e in spans):
            errors += 1
            print('UNCOVERED SENTENCE', TEXT[a:b])
print('checked', n, 'spans; errors:', errors)
