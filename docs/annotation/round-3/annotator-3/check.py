#!/usr/bin/env python3
"""Annotation of document edm-4-191 (annotator 3): build and check.

Stage 1 (build): every span is located in text.txt from anchor strings and
SLICED from the text (exact = text[start:end]); mentions are found by regular
expressions over each paragraph.  Annotation is done paragraph by paragraph
from the LAST paragraph back to the first (within a paragraph: mentions,
quotes, claims + claim_entities, citations); provisional IDs are given in that
order and then renumbered to follow document order before writing.

Stage 2 (check): the six CSV files are read back and every span, cue, ID
reference and closed value set is verified.  Only the standard library is used.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = "edm-4-191"
with open(os.path.join(HERE, "text.txt"), encoding="utf-8", newline="") as fh:
    TEXT = fh.read()

PARAS = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", TEXT)]
# 0 title, 1 publication line, 2..10 body paragraphs


def para_of(pos):
    for i, (s, e) in enumerate(PARAS):
        if s <= pos < e or (pos == e and s < pos):
            return i
    raise ValueError(pos)


def S(a, b=None, after=None):
    """Span from the start of anchor a to the end of anchor b (first b after a).
    Without `after`, a must be unique in the text; with it, a is the first
    occurrence after the (unique) anchor `after` begins."""
    if after is None:
        if TEXT.count(a) != 1:
            raise ValueError("anchor not unique: %r (%d)" % (a, TEXT.count(a)))
        start = TEXT.index(a)
    else:
        if TEXT.count(after) != 1:
            raise ValueError("after-anchor not unique: %r" % after)
        start = TEXT.index(a, TEXT.index(after))
    if b is None:
        end = start + len(a)
    else:
        end = TEXT.index(b, start) + len(b)
    return (start, end)


# ---------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------
NV = "Wikidata ID not verified."
NC = "Country left empty: no public source consulted, text-only annotation (R3.6)."
NG = "Wikidata: no identifier applies. Country empty: unnamed collective spanning several states (R3.6)."
NO = "Ownership not verified (R3.9)."

E = {}


def ent(eid, name, typ, desc, notes=None, ownership=""):
    if notes is None:
        notes = NV + " " + NC
    E[eid] = dict(entity_id=eid, name=name, type=typ, description=desc,
                  country="", ownership=ownership, wikidata_id="", notes=notes)


ent("csto", "Collective Security Treaty Organization", "organization",
    "Regional security organization that signed a memorandum of understanding with the SCO and whose chairmanship was handed to Kyrgyzstan in Dushanbe (per the article).",
    NV + " Country empty: international organization (R3.6).")
ent("central-asia", "Central Asia", "place",
    "Region whose states' security cooperation with Russia, the CSTO and the West is the subject of the article (per the article).",
    NV + " Country empty: region spanning several states (R3.6).")
ent("eurasia-daily-monitor", "Eurasia Daily Monitor", "media_outlet",
    "Publication that carries the document as Volume 4, Issue 191 (per the article).",
    NV + " " + NO + " " + NC, ownership="unknown")
ent("soviet-union", "Soviet Union", "country",
    "Former state whose former region is named as the area of the CSTO's potential peacekeeping activities (per the article).",
    NV + " Country empty: state no longer in ISO 3166-1 (R3.6).")
ent("sco", "Shanghai Cooperation Organization", "organization",
    "Organization that signed a memorandum of understanding with the CSTO on October 6 in Dushanbe (per the article).",
    NV + " Country empty: international organization (R3.6).")
ent("dushanbe", "Dushanbe", "place",
    "City where the CSTO summit took place and the CSTO-SCO memorandum was signed (per the article).")
ent("osce", "Organization for Security and Cooperation in Europe", "organization",
    "Organization with which the CSTO will develop a multilateral relationship (per the article).",
    NV + " Country empty: international organization (R3.6).")
ent("kazakhstan", "Kazakhstan", "country",
    "Country whose peacekeeping forces, drawn from its airmobile forces, receive training assistance from the United States and NATO allies (per the article).")
ent("nursultan-nazarbayev", "Nursultan Nazarbayev", "person",
    "President of Kazakhstan (per the article).")
ent("avesta", "Avesta", "media_outlet",
    "News source cited for the CSTO's plans regarding the OSCE (per the article).",
    NV + " " + NO + " " + NC, ownership="unknown")
ent("russia", "Russia", "country",
    "Country whose use of the CSTO, military presence in Tajikistan and intelligence dispute with the United Kingdom are discussed (per the article).")
ent("moscow", "Moscow", "place",
    "City used in the article as a stand-in for the Russian government and given as the place of an Argumenty i fakty citation (per the article).")
ent("united-states", "United States", "country",
    "Country that, with NATO allies, assists in training Kazakhstan's peacekeeping forces (per the article).")
ent("west", "the West", "other",
    "Bloc of Western states referred to as the West and by the adjective Western (per the article).",
    NV + " Country empty: bloc of several states (R3.6).")
ent("western-observers", "Western observers", "group",
    "Unnamed Western observers who suggest that the CSTO has been a paper tiger (per the article).", NG)
ent("csto-summit-dushanbe", "CSTO summit in Dushanbe", "event",
    "CSTO summit held in Dushanbe, at which the CSTO chairmanship passed to Kyrgyzstan (per the article).",
    NV + " " + NC)
ent("central-asian-governments", "Central Asian governments", "group",
    "Unnamed governments of Central Asian states that see the CSTO as a potential venue for regional security (per the article).", NG)
ent("kyrgyzstan", "Kyrgyzstan", "country",
    "Country to which the CSTO chairmanship was handed in Dushanbe (per the article).")
ent("kurmanbek-bakiyev", "Kurmanbek Bakiyev", "person",
    "President of Kyrgyzstan, which took over the CSTO chairmanship (per the article).")
ent("tajik-tv-channel-1", "Tajik TV Channel 1", "media_outlet",
    "Television channel cited for Bakiyev's statement (per the article).",
    NV + " " + NO + " " + NC, ownership="unknown")
ent("tajikistan", "Tajikistan", "country",
    "Country that hosts Russia's biggest military base and the Nurek facility (per the article).")
ent("emomali-rahmon", "Emomali Rahmon", "person",
    "President of Tajikistan (per the article).")
ent("afghanistan", "Afghanistan", "country",
    "Country that shares the Tajik-Afghan border with Tajikistan (per the article).")
ent("vladimir-putin", "Vladimir Putin", "person",
    "President of Russia (per the article).")
ent("order-of-ismoil-somoni", "Order of Ismoil Somoni", "award",
    "Award whose First Degree is described as the highest award in Tajikistan (per the article).")
ent("nikolai-makarov", "Nikolai Makarov", "person",
    "Russian Deputy Defense Minister with the rank of general (per the article).")
ent("nurek-facility", "Nurek facility", "facility",
    "Facility in Tajikistan that is the location of the Russian Space Troops' space-surveillance center (per the article).")
ent("russian-space-troops", "Russian Space Troops", "organization",
    "Russian armed service whose space-surveillance center is at the Nurek facility (per the article).")
ent("russian-ministry-of-defense", "Russian Ministry of Defense", "organization",
    "Russian ministry on whose behalf the Nurek center monitors space (per the article).")
ent("itar-tass", "Itar-Tass", "media_outlet",
    "News source cited for Makarov's statements about the Nurek facility (per the article).",
    NV + " " + NO + " " + NC, ownership="unknown")
ent("cis", "Commonwealth of Independent States", "organization",
    "Grouping of states within which the CSTO may conduct conflict management and peacekeeping (per the article).",
    NV + " Country empty: international organization (R3.6).")
ent("nato", "NATO", "organization",
    "Alliance some of whose members assist Kazakhstan's peacekeeping forces together with the United States (per the article).",
    NV + " Country empty: international organization (R3.6).")
ent("kapchagai", "Kapchagai", "place",
    "Place where Kazakhstan's airmobile forces are based (per the article).")
ent("nikolai-patrushev", "Nikolai Patrushev", "person",
    "Director of Russia's Security Service, the FSB (per the article).")
ent("fsb", "FSB", "organization",
    "Russia's Security Service, directed by Nikolai Patrushev (per the article).",
    NV + " " + NC + " Name kept in the abbreviated form the article uses.")
ent("argumenty-i-fakty", "Argumenty i fakty", "media_outlet",
    "Publication to which Patrushev made his statement, cited with the place Moscow (per the article).",
    NV + " " + NO + " " + NC, ownership="unknown")
ent("united-kingdom", "United Kingdom", "country",
    "Country in an intelligence dispute with Russia and with no counter-terrorist cooperation with it (per the article).")
ent("london", "London", "place",
    "City used in the article as a stand-in for the British government (per the article).")
ent("alexander-lugovoi", "Alexander Lugovoi", "person",
    "Person whose extradition the United Kingdom requested for the murder of Alexander Litvinenko (per the article).",
    NV + " " + NC + " Name kept as the article writes it; not verified against a public source (R3.4, R8.3).")
ent("alexander-litvinenko", "Alexander Litvinenko", "person",
    "Former spy who was murdered (per the article).")
ent("murder-of-alexander-litvinenko", "Murder of Alexander Litvinenko", "event",
    "Murder of the former spy Alexander Litvinenko, for which the United Kingdom requested an extradition (per the article).",
    NV + " Country left empty: the article does not say where the murder took place and no public source was consulted (R3.6).")
ent("iran", "Iran", "country",
    "Country named as a subject of disagreement between Russia and the United States (per the article).")
ent("bishkek", "Bishkek", "place",
    "City used in the article as a stand-in for the Kyrgyz government (per the article).")
ent("washington", "Washington", "place",
    "City used in the article as a stand-in for the United States government (per the article).")
ent("war-on-terror", "War on Terror", "event",
    "International campaign against terrorism pursued by an international coalition (per the article).",
    NV + " Country empty: event spanning several states (R3.6).")
ent("western-analysts", "Western analysts", "group",
    "Unnamed Western analysts who interpret Russian intelligence rhetoric aimed at London as a localized spat (per the article).", NG)

# ---------------------------------------------------------------------------
# Mentions: surface patterns.  A match nested inside another match is dropped
# (R4.6: name inside a longer proper name; same-entity nesting) unless the
# outer match is a descriptive phrase of a group or event (R4.7).
# ---------------------------------------------------------------------------
PATTERNS = [
    (r"Collective Security Treaty Organization", "csto"),
    (r"\bCSTO\b", "csto"),
    (r"CENTRAL ASIA|\bCentral Asian?\b", "central-asia"),
    (r"Eurasia Daily Monitor", "eurasia-daily-monitor"),
    (r"\bSoviet\b", "soviet-union"),
    (r"Shanghai Cooperation Organization", "sco"),
    (r"\bSCO\b", "sco"),
    (r"\bDushanbe\b", "dushanbe"),
    (r"Organization for Security and Cooperation in Europe", "osce"),
    (r"\bOSCE\b", "osce"),
    (r"\bKazakhstan\b|\bKazakh\b", "kazakhstan"),
    (r"Nursultan Nazarbayev", "nursultan-nazarbayev"),
    (r"\bAvesta\b", "avesta"),
    (r"\bRussian?\b", "russia"),
    (r"\bMoscow\b", "moscow"),
    (r"\bUnited States\b|\bU\.S\.", "united-states"),
    (r"\bWest\b|\bWestern\b", "west"),
    (r"Western observers", "western-observers"),
    (r"CSTO summit in Dushanbe", "csto-summit-dushanbe"),
    (r"Central Asia\u2019s governments|governments in Central Asia", "central-asian-governments"),
    (r"\bKyrgyzstan\b|\bKyrgyz\b", "kyrgyzstan"),
    (r"Kurmanbek Bakiyev", "kurmanbek-bakiyev"),
    (r"Tajik TV Channel 1", "tajik-tv-channel-1"),
    (r"\bTajikistan\b|\bTajik\b", "tajikistan"),
    (r"Emomali Rahmon|\bRahmon\b", "emomali-rahmon"),
    (r"\bAfghan\b", "afghanistan"),
    (r"Vladimir Putin", "vladimir-putin"),
    (r"Order of Ismoil Somoni", "order-of-ismoil-somoni"),
    (r"Nikolai Makarov|\bMakarov\b", "nikolai-makarov"),
    (r"Nurek facility", "nurek-facility"),
    (r"Russian Space Troops", "russian-space-troops"),
    (r"Russian Ministry of Defense", "russian-ministry-of-defense"),
    (r"Itar-Tass", "itar-tass"),
    (r"Commonwealth of Independent States", "cis"),
    (r"\bNATO\b", "nato"),
    (r"\bKapchagai\b", "kapchagai"),
    (r"Nikolai Patrushev", "nikolai-patrushev"),
    (r"Security Service|\bFSB\b", "fsb"),
    (r"Argumenty i fakty", "argumenty-i-fakty"),
    (r"\bBritish\b|\bBritain\b|\bUK\b", "united-kingdom"),
    (r"\bLondon\b", "london"),
    (r"Alexander Lugovoi", "alexander-lugovoi"),
    (r"Alexander Litvinenko", "alexander-litvinenko"),
    (r"murder of ex-spy Alexander Litvinenko", "murder-of-alexander-litvinenko"),
    (r"\bIran\b", "iran"),
    (r"\bBishkek\b", "bishkek"),
    (r"\bWashington\b", "washington"),
    (r"war on terror", "war-on-terror"),
    (r"Western analysts", "western-analysts"),
]


def mentions_in(pi):
    ps, pe = PARAS[pi]
    found = []
    for pat, eid in PATTERNS:
        for m in re.finditer(pat, TEXT[ps:pe]):
            found.append((ps + m.start(), ps + m.end(), eid))
    keep = []
    for s, e, eid in found:
        drop = False
        for s2, e2, eid2 in found:
            if (s2, e2, eid2) == (s, e, eid):
                continue
            if s2 <= s and e <= e2 and (e2 - s2) > (e - s):
                if E[eid2]["type"] not in ("group", "event"):
                    drop = True
        if not drop:
            keep.append((s, e, eid))
    return sorted(set(keep))


# ---------------------------------------------------------------------------
# Quotes, utterances, claims, citations, per paragraph (index into PARAS)
# ---------------------------------------------------------------------------
# utterance key -> speaker, cue (text), cue span (occurrence attributing it), citation key
UTT = {
    "u-tiger": dict(speaker="western-observers", cue=S("suggest"), cit=None),
    "u-bakiyev": dict(speaker="kurmanbek-bakiyev", cue=S("declared"), cit="ct-tajiktv"),
    "u-rahmon": dict(speaker="emomali-rahmon", cue=S("commented"), cit=None),
    "u-makarov": dict(speaker="nikolai-makarov", cue=S("said", after="Makarov said"), cit="ct-itar"),
    "u-spat": dict(speaker=None, cue=None, cit=None),
}

DATA = {}


def Q(key, span, utt, kind):
    return dict(key=key, span=span, utt=utt, kind=kind)


def C(span, st, typ, attr, cert, ents, src=None, cue=None, pol="positive",
      q=None, ct=None, date="", notes=""):
    return dict(span=span, st=st, typ=typ, attr=attr, cert=cert, ents=ents,
                src=src, cue=cue, pol=pol, q=q, ct=ct, date=date, notes=notes)


NODATE = ("The text gives %s without a year; the document's publication date is not available "
          "to the annotator and no public source was consulted, so the date is left empty (R6.8.2).")

# ---- paragraph 10 (last): Western analysts ... ------------------------------
DATA[10] = dict(
    quotes=[Q("q-spat", S("spat", after="The intelligence \u201cspat"), "u-spat", "scare")],
    claims=[
        C(S("Western analysts have interpreted", "localized spat"),
          "Western analysts have interpreted the rhetoric from Russian intelligence aimed at the United Kingdom as a purely localized spat.",
          "assessment", "reported", "certain",
          [("russia", "subject"), ("united-kingdom", "other")],
          src="western-analysts", cue="interpreted",
          notes="'interpreted … as' is a verb of judgement introducing a proposition (R6.5.2), so the Western analysts are an admitted group (R3.3); London is a metonym for the British government (R4.4, R6.9.4); Russia's intelligence rhetoric is the subject noun phrase (R6.9.2)."),
        C(S("This view ignores", "war on terror"),
          "The Western analysts' view that the Russian rhetoric is a purely localized spat ignores the damage to the international coalition in the war on terror.",
          "assessment", "author", "certain",
          [("western-analysts", "subject"), ("russia", "other"), ("war-on-terror", "other")],
          notes="'This view' resolved as the Western analysts' view (R6.3.1)."),
        C(S("This view ignores", "policymaking in Central Asia"),
          "The Western analysts' view ignores the damage to the international coalition in the war on terror because the British-Russian standoff also affects security policymaking in Central Asia.",
          "assessment", "author", "certain",
          [("western-analysts", "subject"), ("war-on-terror", "other"), ("united-kingdom", "other"),
           ("russia", "other"), ("central-asia", "other")],
          notes="Explanatory link expressed by 'because' (R6.1.8)."),
        C(S("the British-Russian standoff", "policymaking in Central Asia"),
          "The British-Russian standoff also affects security policymaking in Central Asia.",
          "assessment", "author", "certain",
          [("united-kingdom", "subject"), ("russia", "subject"), ("central-asia", "other")]),
        C(S("For governments in Central Asia", "conducting security cooperation"),
          "For governments in Central Asia that fear the consequence of deteriorating U.S.-Russia relations, the CSTO is a safe method of conducting security cooperation.",
          "assessment", "author", "certain",
          [("csto", "subject"), ("central-asian-governments", "other"), ("united-states", "other"), ("russia", "other")],
          notes="'fearing …' read as a restrictive modifier, not a separate claim (R6.1.6); 'For governments …' is not a reporting expression, so the claim is the author's (R6.5.2)."),
        C(S("The intelligence \u201cspat\u201d", "security interests"),
          "The intelligence spat between the United Kingdom and Russia does not serve the security interests of the United States.",
          "assessment", "author", "probable",
          [("united-kingdom", "subject"), ("russia", "subject"), ("united-states", "other")],
          pol="negative",
          notes="'does not appear to' is a predicate of appearance scoping over the main predication: probable (R6.7.3); negation recorded in polarity (R6.7.7); Washington is a metonym for the US government (R6.9.4); the scare quote does not make the claim quoted (R6.5.5)."),
        C(S("nor does it facilitate", "engagement in Central Asia"),
          "The intelligence spat between the United Kingdom and Russia does not facilitate Western engagement in Central Asia.",
          "assessment", "author", "certain",
          [("united-kingdom", "subject"), ("russia", "subject"), ("west", "other"), ("central-asia", "other")],
          pol="negative",
          notes="Span begins with the inverting word 'nor' (R6.2.1); 'appear' of the preceding clause is not read as scoping over this clause (R6.7.6)."),
        C(S("it has sent a fractious fault line", "international terrorism"),
          "The intelligence spat between the United Kingdom and Russia has sent a fractious fault line through the coalition against international terrorism.",
          "assessment", "author", "certain",
          [("united-kingdom", "subject"), ("russia", "subject")]),
        C(S("a fractious fault line", "partners in Central Asia"),
          "The fault line sent through the coalition against international terrorism runs deep through Russia's partners in Central Asia.",
          "assessment", "author", "certain",
          [("russia", "other"), ("central-asia", "other")],
          notes="Antecedent of 'which' read as 'a fractious fault line', so the span begins there (R6.2.2)."),
    ],
    citations=[],
)

# ---- paragraph 9: Currently no counter-terrorist cooperation ... ------------
DATA[9] = dict(
    quotes=[],
    claims=[
        C(S("Currently no counter-terrorist cooperation", "between London and Moscow"),
          "No counter-terrorist cooperation currently exists between the United Kingdom and Russia.",
          "state", "author", "certain",
          [("united-kingdom", "subject"), ("russia", "subject")], pol="negative",
          notes="London and Moscow are metonyms for the British and Russian governments (R4.4, R6.9.4); negation recorded in polarity (R6.7.7)."),
        C(S("Currently no counter-terrorist cooperation", "the Central Asian states"),
          "The absence of counter-terrorist cooperation between the United Kingdom and Russia will have wider implications for Western efforts to engage the Central Asian states.",
          "assessment", "author", "certain",
          [("united-kingdom", "other"), ("russia", "other"), ("west", "other"), ("central-asia", "other")],
          notes="Non-restrictive relative clause whose antecedent is the preceding clause: span begins where that clause begins (R6.2.2); a future consequence is an assessment (R6.4.5)."),
        C(S("International intelligence cooperation dynamics", "close reliance on the FSB"),
          "International intelligence cooperation dynamics are driven, to a greater or lesser degree, by a country's links with and close reliance on the FSB.",
          "assessment", "author", "certain",
          [("fsb", "other")],
          notes="Verb of causing 'driven by' (R6.1.8); the degree phrase does not lower certainty (R6.7.6)."),
        C(S("Kazakhstan will not risk", "bilateral security ties with Moscow"),
          "Kazakhstan will not risk damaging its relationship with the United States by making too many bilateral security ties with Russia.",
          "forecast", "author", "certain",
          [("kazakhstan", "subject"), ("united-states", "other"), ("russia", "other")], pol="negative",
          notes="Means adjunct kept inside the claim (R6.1.9); Washington and Moscow are metonyms (R6.9.4)."),
        C(S("Kazakhstan will not risk", "Western security policies"),
          "Kazakhstan's making too many bilateral security ties with Russia could imply reservations about Western security policies.",
          "assessment", "author", "possible",
          [("kazakhstan", "subject"), ("russia", "other"), ("west", "other")],
          notes="Antecedent of 'which' is the gerund clause 'making too many … ties', whose subject is Kazakhstan, so the span begins at 'Kazakhstan' (R6.2.2, R6.2.3); 'could' is a modal of possibility (R6.7.4)."),
        C(S("each Central Asian CSTO member", "through the CSTO"),
          "Each Central Asian CSTO member can draw closer to Russia without it appearing as a criticism of the United States by doing so through the CSTO.",
          "assessment", "author", "possible",
          [("russia", "object"), ("united-states", "other"), ("csto", "other"), ("central-asia", "other")],
          notes="'can' read as a modal of possibility governing the main predicate (R6.7.4, R6.7.6); Moscow and Washington are metonyms (R6.9.4)."),
        C(S("This partly explains", "from Bishkek and Dushanbe"),
          "That Central Asian CSTO members can draw closer to Russia through the CSTO without appearing to criticize the United States partly explains the sudden explosion of interest coming from Kyrgyzstan and Tajikistan in pushing the practical elements of the CSTO.",
          "assessment", "author", "certain",
          [("csto", "other"), ("russia", "other"), ("united-states", "other"), ("central-asia", "other"),
           ("kyrgyzstan", "other"), ("tajikistan", "other")],
          notes="Explanatory link 'explains' (R6.1.8); 'partly' limits scope, not certainty (R6.7.6); Bishkek and Dushanbe are metonyms for the Kyrgyz and Tajik governments (R6.9.4)."),
        C(S("the sudden explosion of interest", "from Bishkek and Dushanbe"),
          "Kyrgyzstan and Tajikistan have shown a sudden explosion of interest in pushing the practical elements of the CSTO.",
          "event", "author", "certain",
          [("kyrgyzstan", "subject"), ("tajikistan", "subject"), ("csto", "other")],
          notes="Presupposition relied on as news (R6.1.3); Bishkek and Dushanbe are metonyms (R6.9.4)."),
    ],
    citations=[],
)

# ---- paragraph 8: Of course, muddying the waters ... -----------------------
DATA[8] = dict(
    quotes=[],
    claims=[
        C(S("Of course, muddying", "foreign policy interests"),
          "Muddying the waters in peacekeeping and security engagement with Central Asia serves assertive Russian foreign policy interests.",
          "assessment", "author", "certain",
          [("russia", "other"), ("central-asia", "other")],
          notes="Gerund subject with no earlier written subject: span begins at the sentence start, sentence adverbial included (R6.2.3); 'these areas' resolved from the preceding paragraph as peacekeeping and security engagement with Central Asia (inferred)."),
        C(S("Nikolai Patrushev", "to dismember Russia"),
          "Nikolai Patrushev told Argumenty i fakty that British intelligence is actively seeking to dismember Russia.",
          "assessment", "reported", "certain",
          [("united-kingdom", "subject"), ("russia", "object"), ("argumenty-i-fakty", "other")],
          src="nikolai-patrushev", cue="told", ct="ct-aif",
          notes="Addressee Argumenty i fakty linked as other (R6.9.2); the span names the outlet as the medium of the report, so the citation covers it (R7.4c); a claim about intent is an assessment (R6.4.3); the statement was made on October 10 but the reported content has no date (R6.8.2)."),
        C(S("This comes in the context", "counter-terrorist cooperation"),
          "Patrushev's statement comes in the context of the breakdown of Russia-UK counter-terrorist cooperation.",
          "assessment", "author", "certain",
          [("nikolai-patrushev", "subject"), ("russia", "other"), ("united-kingdom", "other")],
          notes="'This' resolved as Patrushev's statement (R6.3.1)."),
        C(S("the breakdown of Russia-UK", "counter-terrorist cooperation"),
          "Counter-terrorist cooperation between Russia and the United Kingdom has broken down.",
          "event", "author", "certain",
          [("russia", "subject"), ("united-kingdom", "subject")],
          notes="Presupposition relied on as news (R6.1.3)."),
        C(S("the breakdown of Russia-UK", "ex-spy Alexander Litvinenko"),
          "The breakdown of Russia-UK counter-terrorist cooperation is a consequence of the fallout from Russia's decision to block the United Kingdom's request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko.",
          "assessment", "author", "certain",
          [("russia", "subject"), ("united-kingdom", "subject"), ("alexander-lugovoi", "other"),
           ("murder-of-alexander-litvinenko", "other")],
          notes="Causal link 'as a consequence of' (R6.1.8). Typo in span: 'bloc' for 'block' (R6.3.2, R6.8.3). The name 'Alexander Lugovoi' is kept as the text gives it; not verified against a public source (R8.3)."),
        C(S("Moscow\u2019s decision to bloc", "extradite Alexander Lugovoi"),
          "Russia decided to block the United Kingdom's request to extradite Alexander Lugovoi.",
          "event", "author", "certain",
          [("russia", "subject"), ("united-kingdom", "other"), ("alexander-lugovoi", "other")],
          notes="Presupposition relied on as news (R6.1.3). Typo in span: 'bloc' for 'block' (R6.3.2, R6.8.3). Moscow and London are metonyms (R6.9.4)."),
        C(S("London\u2019s request to extradite", "ex-spy Alexander Litvinenko"),
          "The United Kingdom requested the extradition of Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko.",
          "event", "author", "certain",
          [("united-kingdom", "subject"), ("alexander-lugovoi", "object"), ("murder-of-alexander-litvinenko", "other")],
          notes="Presupposition relied on as news (R6.1.3); Litvinenko is linked through the murder event that designates him (R6.9.1)."),
        C(S("a host of disagreements", "missile defense plans"),
          "Russia and the United States have a host of disagreements, particularly over Iran and U.S. missile defense plans.",
          "state", "author", "certain",
          [("russia", "subject"), ("united-states", "subject"), ("iran", "other")], ct="ct-aif",
          notes="Presupposition relied on as news (R6.1.3)."),
        C(S("a host of disagreements", "security ties with Central Asia"),
          "The host of disagreements between Russia and the United States, particularly over Iran and U.S. missile defense plans, signals difficult times in promoting strengthened Western security ties with Central Asia.",
          "assessment", "author", "certain",
          [("russia", "subject"), ("united-states", "subject"), ("iran", "other"), ("west", "other"), ("central-asia", "other")],
          ct="ct-aif",
          notes="The main predication 'signals' is itself evidential, so certain (R6.7.6)."),
    ],
    citations=[dict(key="ct-aif", span=S("(Argumenty i fakty, Moscow, October 10)"),
                    outlet="argumenty-i-fakty", place="moscow", date="",
                    notes="The text gives October 10 without a year; the publication date is not available to the annotator and no public source was consulted, so cited_date is left empty (R7.3, R6.8.2).")],
)

# ---- paragraph 7: The practical aspects ... -------------------------------
DATA[7] = dict(
    quotes=[],
    claims=[
        C(S("The practical aspects of using the CSTO", "Central Asian countries"),
          "The practical aspects of using the CSTO for conflict management and peacekeeping within the Commonwealth of Independent States pose genuine challenges for Western defense engagement with Central Asian countries.",
          "assessment", "author", "certain",
          [("csto", "other"), ("cis", "other"), ("west", "other"), ("central-asia", "other")]),
        C(S("The United States and many of its allies", "peacekeeping forces"),
          "The United States and many of its allies in NATO are actively assisting in training Kazakhstan's peacekeeping forces and developing interoperability with them.",
          "state", "author", "certain",
          [("united-states", "subject"), ("nato", "other"), ("kazakhstan", "other")],
          notes="'training and developing interoperability with' read as coordinated verbs sharing one complement, one claim (R6.1.7)."),
        C(S("These forces are drawn", "airmobile forces"),
          "Kazakhstan's peacekeeping forces are drawn from Kazakhstan's airmobile forces.",
          "state", "author", "certain",
          [("kazakhstan", "other")]),
        C(S("Kazakhstan\u2019s airmobile forces", "based in Kapchagai"),
          "Kazakhstan's airmobile forces are based in Kapchagai.",
          "state", "author", "certain",
          [("kazakhstan", "other"), ("kapchagai", "place")],
          notes="Non-restrictive participle; span begins at its antecedent (R6.2.2)."),
        C(S("The CSTO\u2019s declaration of interest", "peacekeeping activities"),
          "The CSTO has declared an interest in peacekeeping activities.",
          "event", "author", "certain",
          [("csto", "subject")],
          notes="Presupposition relied on as news (R6.1.3)."),
        C(S("The CSTO\u2019s declaration of interest", "Central Asian militaries"),
          "The CSTO's declaration of interest in peacekeeping activities opens the prospect of Western security assistance to key formations in Central Asian militaries.",
          "assessment", "author", "certain",
          [("csto", "subject"), ("west", "other"), ("central-asia", "other")]),
        C(S("The CSTO\u2019s declaration of interest", "conflicting interests"),
          "The CSTO's declaration of interest in peacekeeping activities raises the possibility of competition and conflicting interests.",
          "assessment", "author", "certain",
          [("csto", "subject")],
          notes="Subject of 'raising' read as the preceding clause, so the span begins at its subject (R6.2.2); the main predication is itself modal, so certain (R6.7.6)."),
        C(S("competition and conflicting interests", "Moscow and the West"),
          "Competition and conflicting interests would pull the key formations of Central Asian militaries between Russia and the West.",
          "assessment", "author", "possible",
          [("russia", "other"), ("west", "other"), ("central-asia", "other")],
          notes="Subject of 'pulling' read as 'competition and conflicting interests' (R6.2.2); it lies inside the outcome of 'raising the possibility', so possible (R6.7.6); Moscow is a metonym for Russia (R6.9.4)."),
    ],
    citations=[],
)

# ---- paragraph 6: Makarov ---------------------------------------------------
DATA[6] = dict(
    quotes=[Q("q-makarov", S("The center will be upgraded.", "for that purpose,"), "u-makarov", "direct")],
    claims=[
        C(S("Nikolai Makarov confirmed", "Nurek facility in Tajikistan"),
          "Nikolai Makarov confirmed that Russia plans to re-equip and enhance the Nurek facility in Tajikistan.",
          "forecast", "reported", "certain",
          [("russia", "subject"), ("nurek-facility", "object")],
          src="nikolai-makarov", cue="confirmed", ct="ct-itar",
          notes="Title 'Russian Deputy Defense Minister General' left out of the span (R6.2.5); 're-equip and enhance' share one complement (R6.1.7); Moscow is a metonym for Russia (R6.9.4); covered by the Itar-Tass citation under R7.4(b)."),
        C(S("the Nurek facility in Tajikistan, the location", "space-surveillance center"),
          "The Nurek facility in Tajikistan is the location of the Russian Space Troops' space-surveillance center.",
          "state", "author", "certain",
          [("nurek-facility", "subject"), ("russian-space-troops", "other")],
          notes="Non-restrictive appositive read as the author's assertion (R6.1.2); Tajikistan only identifies the facility and is not linked (R6.9.1)."),
        C(S("The center will be upgraded"),
          "Makarov said that the space-surveillance center at the Nurek facility will be upgraded.",
          "forecast", "quoted", "certain",
          [("nurek-facility", "object")],
          src="nikolai-makarov", q="q-makarov", ct="ct-itar"),
        C(S("In the near future considerable resources", "for that purpose"),
          "Makarov said that in the near future considerable resources and funds will be directed to the Nurek facility to upgrade the center.",
          "forecast", "quoted", "certain",
          [("nurek-facility", "object")],
          src="nikolai-makarov", q="q-makarov", ct="ct-itar",
          notes="'here' resolved as the Nurek facility (R6.3.1)."),
        C(S("He described the center as unique"),
          "Makarov described the space-surveillance center at the Nurek facility as unique.",
          "assessment", "reported", "certain",
          [("nurek-facility", "subject")],
          src="nikolai-makarov", cue="described", ct="ct-itar",
          notes="Source mention is the nearest earlier mention of Makarov in the paragraph (R6.6.4)."),
        C(S("He described the center as unique", "of the local climate"),
          "Makarov said that the Nurek space-surveillance center takes advantage of the local climate.",
          "state", "reported", "certain",
          [("nurek-facility", "subject")],
          src="nikolai-makarov", cue="described", ct="ct-itar",
          notes="Participle read as part of Makarov's description; span runs from the source's expression (R6.2.4)."),
        C(S("He described the center as unique", "such as tracking satellites"),
          "Makarov said that the Nurek space-surveillance center monitors space for 300 days annually on behalf of the Russian Ministry of Defense as well as for civilian purposes such as tracking satellites.",
          "state", "reported", "certain",
          [("nurek-facility", "subject"), ("russian-ministry-of-defense", "other")],
          src="nikolai-makarov", cue="described", ct="ct-itar",
          notes="Second coordinated participle with its own complement, separate claim (R6.1.7); span runs from the source's expression (R6.2.4)."),
    ],
    citations=[dict(key="ct-itar", span=S("(Itar-Tass, October 6)"), outlet="itar-tass", place="", date="",
                    notes="The text gives October 6 without a year; the publication date is not available to the annotator and no public source was consulted, so cited_date is left empty (R7.3, R6.8.2).")],
)

# ---- paragraph 5: Rahmon ----------------------------------------------------
DATA[5] = dict(
    quotes=[Q("q-rahmon-1", S("Russia helps us a lot", "developing well,"), "u-rahmon", "direct"),
            Q("q-rahmon-2", S("You know that Russia", "very important for us."), "u-rahmon", "direct")],
    claims=[
        C(S("Emomali Rahmon views", "Tajik-Afghan border"),
          "Emomali Rahmon views the CSTO's importance in terms of the security problems linked with the Tajik-Afghan border.",
          "state", "author", "certain",
          [("emomali-rahmon", "subject"), ("csto", "other"), ("tajikistan", "other"), ("afghanistan", "other")],
          notes="Attitude ascribed without a reporting expression that introduces a proposition: author (R6.5.6); title 'Tajikistan’s President' left out of the span (R6.2.5)."),
        C(S("Counter-narcotics and counter-terrorism", "cooperative security arrangements"),
          "Counter-narcotics and counter-terrorism activities make up a great deal of Tajikistan's cooperative security arrangements.",
          "state", "author", "certain",
          [("tajikistan", "other")],
          notes="Dushanbe is a metonym for the Tajik government (R4.4, R6.9.4)."),
        C(S("he has arguably detached", "security dependence"),
          "Rahmon has detached Tajikistan from a more overtly Russia-centered security dependence.",
          "assessment", "author", "probable",
          [("emomali-rahmon", "subject"), ("tajikistan", "object"), ("russia", "other")],
          notes="'arguably' read as a hedge of probability rather than mere possibility (R6.7.3 vs R6.7.4); concessive 'Although' is not a causal link (R6.1.8)."),
        C(S("Rahmon values both", "cooperation with Moscow"),
          "Rahmon values both the CSTO and bilateral security cooperation with Russia.",
          "state", "author", "certain",
          [("emomali-rahmon", "subject"), ("csto", "object"), ("russia", "other")],
          notes="Attitude towards entities and an activity: author (R6.5.6); coordinated objects of one predicate, one claim (R6.1.7); Moscow is a metonym (R6.9.4)."),
        C(S("Russia helps us a lot", "defense capability"),
          "Rahmon said that Russia helps Tajikistan a lot in strengthening Tajikistan's defense capability.",
          "state", "quoted", "certain",
          [("russia", "subject"), ("tajikistan", "object")],
          src="emomali-rahmon", q="q-rahmon-1"),
        C(S("Military and technical cooperation", "developing well"),
          "Rahmon said that military and technical cooperation between Tajikistan and Russia is developing well.",
          "assessment", "quoted", "certain",
          [("tajikistan", "subject"), ("russia", "subject")],
          src="emomali-rahmon", q="q-rahmon-1"),
        C(S("Russia\u2019s biggest military base", "is in Tajikistan"),
          "Rahmon said that Russia has its biggest military base in Tajikistan.",
          "state", "quoted", "certain",
          [("russia", "subject"), ("tajikistan", "place")],
          src="emomali-rahmon", q="q-rahmon-2",
          notes="'You know that' is a factive frame and is left out of the span (R6.7.2)."),
        C(S("This also means a lot"),
          "Rahmon said that the presence of Russia's biggest military base in Tajikistan also means a lot.",
          "assessment", "quoted", "certain",
          [("russia", "other"), ("tajikistan", "other")],
          src="emomali-rahmon", q="q-rahmon-2"),
        C(S("That is why all these events", "important for us"),
          "Rahmon said that the presence of Russia's biggest military base in Tajikistan is why all these events at the CSTO summit in Dushanbe are very important for Tajikistan.",
          "assessment", "quoted", "certain",
          [("russia", "other"), ("tajikistan", "other"), ("csto-summit-dushanbe", "other")],
          src="emomali-rahmon", q="q-rahmon-2",
          notes="Explanatory link 'That is why' (R6.1.8); 'all these events' resolved as the events of the CSTO summit in Dushanbe (inferred)."),
        C(S("all these events are very important for us"),
          "Rahmon said that all these events at the CSTO summit in Dushanbe are very important for Tajikistan.",
          "assessment", "quoted", "certain",
          [("csto-summit-dushanbe", "subject"), ("tajikistan", "other")],
          src="emomali-rahmon", q="q-rahmon-2",
          notes="'all these events' resolved as the events of the CSTO summit in Dushanbe (inferred)."),
        C(S("At the end of the summit", "First Degree"),
          "At the end of the CSTO summit in Dushanbe, Rahmon presented Vladimir Putin with the Order of Ismoil Somoni, First Degree.",
          "event", "author", "certain",
          [("emomali-rahmon", "subject"), ("vladimir-putin", "object"), ("order-of-ismoil-somoni", "object"),
           ("csto-summit-dushanbe", "other")],
          notes="'the summit' resolved as the CSTO summit in Dushanbe; the text gives no date for it (R6.8.2); title 'Russian President' stays inside the contiguous span (R6.2.5)."),
        C(S("Order of Ismoil Somoni, First Degree, the highest", "award in Tajikistan"),
          "The Order of Ismoil Somoni, First Degree, is the highest award in Tajikistan.",
          "state", "author", "certain",
          [("order-of-ismoil-somoni", "subject"), ("tajikistan", "place")],
          notes="Non-restrictive appositive read as asserted (R6.1.2)."),
    ],
    citations=[],
)

# ---- paragraph 4: Bakiyev ---------------------------------------------------
DATA[4] = dict(
    quotes=[Q("q-bakiyev-1", S("During the period of its chairmanship,"), "u-bakiyev", "direct"),
            Q("q-bakiyev-2", S("Kyrgyzstan will make every effort", "our countries\u2019 peoples"), "u-bakiyev", "direct")],
    claims=[
        C(S("in Dushanbe, the chairmanship", "handed to Kyrgyzstan"),
          "In Dushanbe, the chairmanship of the CSTO was handed to Kyrgyzstan.",
          "event", "author", "certain",
          [("csto", "other"), ("kyrgyzstan", "object"), ("dushanbe", "place")],
          notes="'the body' resolved as the CSTO (R6.3.1); the text gives no date for the handover (R6.8.2)."),
        C(S("Kurmanbek Bakiyev vowed", "tenure as chairman"),
          "Kurmanbek Bakiyev vowed to use his tenure as CSTO chairman.",
          "forecast", "reported", "certain",
          [],
          src="kurmanbek-bakiyev", cue="vowed", ct="ct-tajiktv",
          notes="'vowed to' is a speech act of promise (R6.5.2, R6.4.4); the purpose adjunct is a separate claim (R6.1.7); the CSTO appears only in the role 'chairman' and is not linked (R6.9.1); covered by the Tajik TV citation under R7.4(b)."),
        C(S("Kurmanbek Bakiyev vowed", "Central Asian security"),
          "Kurmanbek Bakiyev vowed to make the CSTO more effective in maintaining Central Asian security during his tenure as chairman.",
          "forecast", "reported", "certain",
          [("csto", "object"), ("central-asia", "other")],
          src="kurmanbek-bakiyev", cue="vowed", ct="ct-tajiktv",
          notes="Purpose adjunct with its own complement, separate claim (R6.1.7); stated intention with the marker 'vowed' typed forecast (R6.4.4); covered under R7.4(b)."),
        C(S("Kyrgyzstan will make every effort", "the CSTO\u2019s activities"),
          "Bakiyev declared that during its chairmanship Kyrgyzstan will make every effort to increase the effectiveness of the CSTO's activities.",
          "forecast", "quoted", "certain",
          [("kyrgyzstan", "subject"), ("csto", "other")],
          src="kurmanbek-bakiyev", q="q-bakiyev-2", ct="ct-tajiktv"),
        C(S("Kyrgyzstan will make every effort", "our countries\u2019 peoples"),
          "Bakiyev declared that during its CSTO chairmanship Kyrgyzstan will make every effort to strengthen regional security for the welfare and prosperity of the peoples of the CSTO member countries.",
          "forecast", "quoted", "certain",
          [("kyrgyzstan", "subject"), ("csto", "other")],
          src="kurmanbek-bakiyev", q="q-bakiyev-2", ct="ct-tajiktv",
          notes="Coordinated infinitives with their own complements give two claims (R6.1.7); 'our countries' resolved as the CSTO member countries (inferred)."),
    ],
    citations=[dict(key="ct-tajiktv", span=S("(Tajik TV Channel 1, October 6)"), outlet="tajik-tv-channel-1",
                    place="", date="",
                    notes="The text gives October 6 without a year; the publication date is not available to the annotator and no public source was consulted, so cited_date is left empty (R7.3, R6.8.2).")],
)

# ---- paragraph 3: However, Moscow's use ... --------------------------------
DATA[3] = dict(
    quotes=[Q("q-tiger", S("paper tiger,"), "u-tiger", "scare")],
    claims=[
        C(S("Moscow\u2019s use of the CSTO", "is well known"),
          "Russia uses the CSTO as a tool to minimize the influence of the United States and other Western countries in Central Asia, which is well known.",
          "assessment", "author", "certain",
          [("russia", "subject"), ("csto", "object"), ("united-states", "other"), ("west", "other"), ("central-asia", "other")],
          notes="Moscow is a metonym for Russia (R4.4, R6.9.4); 'is well known' is a factive frame, certain (R6.7.2); a claim about a motive is an assessment (R6.4.3)."),
        C(S("Reactions and interpretations of the CSTO", "often been guarded"),
          "Reactions to and interpretations of the CSTO within Central Asia have often been guarded.",
          "state", "author", "certain",
          [("csto", "other"), ("central-asia", "other")],
          notes="'often' is a frequency word and does not lower certainty (R6.7.6)."),
        C(S("many regional leaders", "by Western observers"),
          "Many regional leaders in Central Asia have privately sympathized with criticisms made by Western observers.",
          "state", "author", "certain",
          [("western-observers", "other"), ("central-asia", "other")],
          notes="Attitude towards criticisms without a reporting expression introducing a proposition: author (R6.5.6); the regional leaders are not a group entity (R3.3)."),
        C(S("Western observers who suggest", "paper tiger,\u201d"),
          "Western observers suggest that the CSTO has been a paper tiger.",
          "assessment", "reported", "probable",
          [("csto", "subject")],
          src="western-observers", cue="suggest",
          notes="'suggest' is a verb of tentative assertion, probable (R6.7.6); the claim contains a scare quote and is reported, not quoted (R6.5.5); span begins at the antecedent of 'who' (R6.2.2, R6.2.3)."),
        C(S("Western observers who suggest", "but little substance"),
          "Western observers suggest that the CSTO has produced a plethora of documents and agreements but little substance.",
          "assessment", "reported", "probable",
          [("csto", "subject")],
          src="western-observers", cue="suggest",
          notes="Participle inside the reported content read as its own proposition (R6.1.2); span runs from the source's expression to the end of the content (R6.2.4)."),
        C(S("in the aftermath of the CSTO summit", "consensus has shifted"),
          "In the aftermath of the CSTO summit in Dushanbe, the consensus within Central Asia about the CSTO has shifted.",
          "event", "author", "certain",
          [("csto-summit-dushanbe", "other"), ("csto", "other"), ("central-asia", "other")],
          notes="Time adjunct kept in the span (R6.2.6); 'the consensus' resolved from the paragraph (R6.3.1); the text gives no date for the summit (R6.8.2)."),
        C(S("Central Asia\u2019s governments now see", "security in the region"),
          "Central Asia's governments now see the CSTO as a potential venue to promote security in Central Asia.",
          "assessment", "reported", "certain",
          [("csto", "subject"), ("central-asia", "other")],
          src="central-asian-governments", cue="see",
          notes="'see … as' read as a predicate of propositional attitude (R6.5.2 test: the governments hold that the CSTO is a potential venue), so the governments are an admitted group (R3.3); 'potential' lies inside the noun phrase and does not lower certainty (R6.7.6)."),
    ],
    citations=[],
)

# ---- paragraph 2: The Collective Security Treaty Organization ... ----------
DATA[2] = dict(
    quotes=[],
    claims=[
        C(S("The Collective Security Treaty Organization (CSTO) has", "former Soviet region"),
          "The CSTO has recently raised its profile by expanding its traditional emphasis on anti-terrorism to include potential peacekeeping activities within the former Soviet region.",
          "event", "author", "certain",
          [("csto", "subject"), ("soviet-union", "other")],
          notes="Means adjunct kept inside the claim (R6.1.9); 'potential' lies inside the noun phrase (R6.7.6)."),
        C(S("its memorandum of understanding", "on October 6 in Dushanbe"),
          "The CSTO and the SCO signed a memorandum of understanding on October 6 in Dushanbe.",
          "event", "author", "certain",
          [("csto", "subject"), ("sco", "subject"), ("dushanbe", "place")],
          notes="Non-restrictive participle; span begins at its antecedent (R6.2.2). " + (NODATE % "October 6")),
        C(S("its memorandum of understanding", "between the CSTO and the SCO"),
          "The CSTO's memorandum of understanding with the SCO cements the cooperative element between the CSTO and the SCO.",
          "assessment", "author", "certain",
          [("csto", "other"), ("sco", "other")],
          notes="The memorandum is not an action or attitude noun, so the possessor takes other (R6.9.2, R6.9.3)."),
        C(S("The CSTO will also develop", "in Europe (OSCE)"),
          "The CSTO will also develop its multilateral relationship with the Organization for Security and Cooperation in Europe.",
          "forecast", "author", "certain",
          [("csto", "subject"), ("osce", "other")], ct="ct-avesta"),
        C(S("The CSTO will also develop", "appealing venue for Kazakhstan"),
          "The CSTO's development of its multilateral relationship with the OSCE will make the CSTO a more appealing venue for Kazakhstan.",
          "assessment", "author", "certain",
          [("csto", "subject"), ("osce", "other"), ("kazakhstan", "other")], ct="ct-avesta",
          notes="Participle whose subject is the preceding clause; span begins at that clause's subject (R6.2.2); a future consequence is an assessment (R6.4.5)."),
        C(S("The CSTO will also develop", "interest in the OSCE"),
          "The CSTO's becoming a more appealing venue for Kazakhstan reflects Nursultan Nazarbayev's interest in the OSCE.",
          "assessment", "author", "certain",
          [("csto", "subject"), ("kazakhstan", "other"), ("nursultan-nazarbayev", "other"), ("osce", "other")],
          ct="ct-avesta",
          notes="Subject of 'reflecting' read as the preceding participial clause; the rule applies again, so the span begins at the first written subject (R6.2.2)."),
        C(S("Nursultan Nazarbayev\u2019s interest in the OSCE"),
          "Nursultan Nazarbayev is interested in the OSCE.",
          "state", "author", "certain",
          [("nursultan-nazarbayev", "subject"), ("osce", "object")], ct="ct-avesta",
          notes="Presupposition relied on as news (R6.1.3); title 'Kazakh President' left out of the span (R6.2.5)."),
    ],
    citations=[dict(key="ct-avesta", span=S("(Avesta, October 9)"), outlet="avesta", place="", date="",
                    notes="The text gives October 9 without a year; the publication date is not available to the annotator and no public source was consulted, so cited_date is left empty (R7.3, R6.8.2).")],
)

# title and publication line: mentions only (no claims required before the body, R6.1.1)
DATA[1] = dict(quotes=[], claims=[], citations=[])
DATA[0] = dict(quotes=[], claims=[], citations=[])

# ---------------------------------------------------------------------------
# Build: annotate from the last paragraph back to the first, then renumber.
# ---------------------------------------------------------------------------
FILES = {
    "entities": ["entity_id", "name", "type", "description", "country", "ownership", "wikidata_id", "notes"],
    "mentions": ["mention_id", "document_id", "entity_id", "start", "end", "exact"],
    "quotes": ["quote_id", "document_id", "start", "end", "exact", "utterance_id", "speaker_entity_id",
               "cue", "kind", "citation_id"],
    "claims": ["claim_id", "document_id", "start", "end", "exact", "statement", "claim_type", "attribution",
               "source_entity_id", "source_mention_id", "cue", "cue_start", "cue_end", "certainty", "polarity",
               "quote_id", "citation_id", "event_date", "notes"],
    "claim_entities": ["claim_id", "entity_id", "role"],
    "citations": ["citation_id", "document_id", "start", "end", "exact", "outlet_entity_id", "place_entity_id",
                  "cited_date", "notes"],
}


def build():
    ments, quotes, claims, cits = [], [], [], []   # in annotation order
    for pi in reversed(range(len(PARAS))):
        for s, e, eid in mentions_in(pi):
            ments.append(dict(pid="m%d" % len(ments), entity_id=eid, start=s, end=e))
        for q in DATA[pi]["quotes"]:
            quotes.append(dict(q, pid="q%d" % len(quotes)))
        for c in DATA[pi]["claims"]:
            claims.append(dict(c, pid="c%d" % len(claims)))
        for ct in DATA[pi]["citations"]:
            cits.append(dict(ct, pid="t%d" % len(cits)))

    # renumber in document order
    def order(rows, key):
        rows.sort(key=key)
    order(ments, lambda r: (r["start"], r["end"], r["entity_id"]))
    order(quotes, lambda r: r["span"])
    order(claims, lambda r: r["span"])
    order(cits, lambda r: r["span"])
    for i, r in enumerate(ments, 1):
        r["id"] = "MN-%04d" % i
    for i, r in enumerate(quotes, 1):
        r["id"] = "QT-%04d" % i
    for i, r in enumerate(cits, 1):
        r["id"] = "CT-%04d" % i
    for i, r in enumerate(claims, 1):
        r["id"] = "CL-%04d" % i
    utt_ids, n = {}, 0
    for q in quotes:
        if q["utt"] not in utt_ids:
            n += 1
            utt_ids[q["utt"]] = "UT-%04d" % n
    qid = {q["key"]: q["id"] for q in quotes}
    qspan = {q["key"]: q["span"] for q in quotes}
    cid = {c["key"]: c["id"] for c in cits}

    rows = {k: [] for k in FILES}
    for eid in sorted(E):
        rows["entities"].append(E[eid])
    for m in ments:
        rows["mentions"].append(dict(mention_id=m["id"], document_id=DOC, entity_id=m["entity_id"],
                                     start=m["start"], end=m["end"], exact=TEXT[m["start"]:m["end"]]))
    for q in quotes:
        u = UTT[q["utt"]]
        s, e = q["span"]
        rows["quotes"].append(dict(quote_id=q["id"], document_id=DOC, start=s, end=e, exact=TEXT[s:e],
                                   utterance_id=utt_ids[q["utt"]], speaker_entity_id=u["speaker"] or "",
                                   cue=TEXT[u["cue"][0]:u["cue"][1]] if u["cue"] else "",
                                   kind=q["kind"], citation_id=cid[u["cit"]] if u["cit"] else ""))
    for c in claims:
        s, e = c["span"]
        cue_s = cue_e = ""
        cue = ""
        smid = ""
        if c["attr"] == "reported":
            k = TEXT.find(c["cue"], s, e)
            assert k >= 0 and TEXT.find(c["cue"], k + 1, e) < 0, ("cue", c["cue"], c["st"])
            cue_s, cue_e = k, k + len(c["cue"])
        elif c["attr"] == "quoted":
            qk = c["q"]
            utt = [q for q in quotes if q["key"] == qk][0]["utt"]
            cue_s, cue_e = UTT[utt]["cue"]
            assert qspan[qk][0] <= s and e <= qspan[qk][1], ("quoted claim outside quote", c["st"])
        if c["attr"] != "author":
            cue = TEXT[cue_s:cue_e]
            # R6.6.4: nearest mention of the source ending at or before cue_start in the paragraph,
            # else the first mention of the source after the cue inside the claim's span.
            pi = para_of(cue_s)
            ps, pe = PARAS[pi]
            cands = [m for m in ments if m["entity_id"] == c["src"] and ps <= m["start"] and m["end"] <= cue_s]
            if cands:
                smid = max(cands, key=lambda m: m["end"])["id"]
            else:
                after = [m for m in ments if m["entity_id"] == c["src"] and m["start"] >= cue_e and m["end"] <= e]
                smid = min(after, key=lambda m: m["start"])["id"] if after else ""
        rows["claims"].append(dict(
            claim_id=c["id"], document_id=DOC, start=s, end=e, exact=TEXT[s:e], statement=c["st"],
            claim_type=c["typ"], attribution=c["attr"], source_entity_id=c["src"] or "",
            source_mention_id=smid, cue=cue, cue_start=cue_s, cue_end=cue_e, certainty=c["cert"],
            polarity=c["pol"], quote_id=qid[c["q"]] if c["q"] else "",
            citation_id=cid[c["ct"]] if c["ct"] else "", event_date=c["date"], notes=c["notes"]))
        links = []
        if c["src"]:
            links.append((c["src"], "source"))
        links += c["ents"]
        for eid, role in links:
            rows["claim_entities"].append(dict(claim_id=c["id"], entity_id=eid, role=role))
    for ct in cits:
        s, e = ct["span"]
        rows["citations"].append(dict(citation_id=ct["id"], document_id=DOC, start=s, end=e, exact=TEXT[s:e],
                                      outlet_entity_id=ct["outlet"], place_entity_id=ct["place"],
                                      cited_date=ct["date"], notes=ct["notes"]))
    for name, cols in FILES.items():
        with open(os.path.join(HERE, name + ".csv"), "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writeheader()
            for r in rows[name]:
                w.writerow({k: r.get(k, "") for k in cols})


# ---------------------------------------------------------------------------
# Check: read the CSVs back and verify.
# ---------------------------------------------------------------------------
def check():
    problems = []

    def P(msg):
        problems.append(msg)

    T = {}
    for name, cols in FILES.items():
        path = os.path.join(HERE, name + ".csv")
        raw = open(path, "rb").read()
        if b"\r" in raw:
            P("%s: CR characters found" % name)
        raw.decode("utf-8")
        with open(path, encoding="utf-8", newline="") as fh:
            r = csv.reader(fh)
            header = next(r)
            if header != cols:
                P("%s: header %r != %r" % (name, header, cols))
            T[name] = [dict(zip(header, row)) for row in r]
            for row in T[name]:
                if len(row) != len(cols):
                    P("%s: bad row length %r" % (name, row))

    pat = {
        "slug": r"^[a-z0-9]+(-[a-z0-9]+)*$", "MN": r"^MN-[0-9]{4,}$", "QT": r"^QT-[0-9]{4,}$",
        "UT": r"^UT-[0-9]{4,}$", "CL": r"^CL-[0-9]{4,}$", "CT": r"^CT-[0-9]{4,}$",
        "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "iso3": r"^[A-Z]{3}$", "qid": r"^Q[1-9][0-9]*$",
    }

    def need(val, p, where, optional=False):
        if val == "" and optional:
            return
        if not re.match(pat[p], val):
            P("%s: %r does not match %s" % (where, val, p))

    def enum(val, allowed, where, optional=False):
        if val == "" and optional:
            return
        if val not in allowed:
            P("%s: %r not in %r" % (where, val, allowed))

    def span_ok(row, where, s="start", e="end", x="exact"):
        try:
            a, b = int(row[s]), int(row[e])
        except ValueError:
            P("%s: non-integer offsets" % where)
            return None
        if not (0 <= a < b <= len(TEXT)):
            P("%s: offsets out of range" % where)
            return None
        if TEXT[a:b] != row[x]:
            P("%s: text[%d:%d]=%r != %r" % (where, a, b, TEXT[a:b], row[x]))
        if row[x] != row[x].strip():
            P("%s: span begins or ends with white space" % where)
        return a, b

    ents = {r["entity_id"]: r for r in T["entities"]}
    for r in T["entities"]:
        w = "entities %s" % r["entity_id"]
        need(r["entity_id"], "slug", w)
        if not r["name"]:
            P(w + ": empty name")
        enum(r["type"], ["person", "organization", "media_outlet", "country", "place", "facility", "group",
                         "event", "award", "other"], w)
        need(r["country"], "iso3", w, True)
        need(r["wikidata_id"], "qid", w, True)
        enum(r["ownership"], ["state", "public", "private", "unknown"], w, True)
        if (r["type"] == "media_outlet") != (r["ownership"] != ""):
            P(w + ": ownership must be filled for media outlets only (R3.9)")
        if r["wikidata_id"] == "" and "Wikidata" not in r["notes"] and "no identifier applies" not in r["notes"]:
            P(w + ": notes must say Wikidata ID not verified (R3.7)")
        if r["type"] == "group" and "no identifier applies" not in r["notes"]:
            P(w + ": group notes must say no identifier applies (R3.7)")
    if len(ents) != len(T["entities"]):
        P("entities: duplicate entity_id")

    ments = {}
    seen = set()
    for r in T["mentions"]:
        w = "mentions %s" % r["mention_id"]
        need(r["mention_id"], "MN", w)
        if r["document_id"] != DOC:
            P(w + ": document_id")
        if r["entity_id"] not in ents:
            P(w + ": unknown entity %s" % r["entity_id"])
        sp = span_ok(r, w)
        if sp:
            if (r["entity_id"], sp) in seen:
                P(w + ": same entity, same span (R1.4)")
            seen.add((r["entity_id"], sp))
            if r["exact"].lower().startswith("the "):
                P(w + ": article in mention (R4.2)")
            if r["exact"].endswith("\u2019s") or r["exact"].endswith("\u2019"):
                P(w + ": possessive in mention (R4.5)")
        ments[r["mention_id"]] = r
    if len(ments) != len(T["mentions"]):
        P("mentions: duplicate id")
    for eid in ents:
        if not any(m["entity_id"] == eid for m in T["mentions"]):
            P("entity %s has no mention (R3.1)" % eid)

    cits = {}
    for r in T["citations"]:
        w = "citations %s" % r["citation_id"]
        need(r["citation_id"], "CT", w)
        span_ok(r, w)
        if not (r["exact"].startswith("(") and r["exact"].endswith(")")):
            P(w + ": exact must be the whole parenthetical (R7.2)")
        if ents.get(r["outlet_entity_id"], {}).get("type") != "media_outlet":
            P(w + ": outlet is not a media_outlet entity")
        if r["place_entity_id"] and r["place_entity_id"] not in ents:
            P(w + ": unknown place")
        need(r["cited_date"], "date", w, True)
        cits[r["citation_id"]] = r

    quotes = {}
    utt = {}
    for r in T["quotes"]:
        w = "quotes %s" % r["quote_id"]
        need(r["quote_id"], "QT", w)
        need(r["utterance_id"], "UT", w)
        sp = span_ok(r, w)
        if sp:
            a, b = sp
            if TEXT[a - 1] != "\u201c" or TEXT[b] != "\u201d":
                P(w + ": quote not delimited by quotation marks (R5.3)")
        enum(r["kind"], ["direct", "scare"], w)
        if r["speaker_entity_id"] and r["speaker_entity_id"] not in ents:
            P(w + ": unknown speaker")
        if r["kind"] == "direct" and not r["speaker_entity_id"]:
            P(w + ": direct quote without speaker")
        if r["citation_id"] and r["citation_id"] not in cits:
            P(w + ": unknown citation")
        if r["cue"] and r["cue"] not in TEXT[PARAS[para_of(int(r["start"]))][0]:PARAS[para_of(int(r["start"]))][1]]:
            P(w + ": cue not in the paragraph")
        key = (r["speaker_entity_id"], r["cue"], r["citation_id"])
        if utt.setdefault(r["utterance_id"], key) != key:
            P(w + ": utterance parts differ in speaker/cue/citation (R5.4)")
        quotes[r["quote_id"]] = r
    # every passage in quotation marks is a quote (R5.1)
    for m in re.finditer("\u201c([^\u201d]*)\u201d", TEXT):
        if not any(int(q["start"]) == m.start(1) and int(q["end"]) == m.end(1) for q in T["quotes"]):
            P("quoted passage at %d not annotated: %r" % (m.start(1), m.group(1)[:40]))

    claims = {}
    for r in T["claims"]:
        w = "claims %s" % r["claim_id"]
        need(r["claim_id"], "CL", w)
        sp = span_ok(r, w)
        enum(r["claim_type"], ["event", "state", "assessment", "forecast"], w)
        enum(r["attribution"], ["author", "reported", "quoted"], w)
        enum(r["certainty"], ["certain", "probable", "possible", "underspecified"], w)
        enum(r["polarity"], ["positive", "negative"], w)
        need(r["event_date"], "date", w, True)
        if not r["statement"].endswith("."):
            P(w + ": statement must end with a full stop (R6.3.1)")
        if r["citation_id"] and r["citation_id"] not in cits:
            P(w + ": unknown citation")
        if sp:
            first = r["exact"].split()[0]
            if (first[0].islower() and first.endswith("ing")) or first in ("who", "which", "that", "whom", "whose"):
                P(w + ": span begins with -ing word or relative pronoun (R6.2.3)")
        if r["attribution"] == "author":
            for k in ("source_entity_id", "source_mention_id", "quote_id", "cue", "cue_start", "cue_end"):
                if r[k]:
                    P(w + ": author claim has %s (R6.5.1)" % k)
        else:
            if r["source_entity_id"] not in ents:
                P(w + ": missing/unknown source entity")
            if not r["cue"]:
                P(w + ": missing cue (R6.6.1)")
            else:
                span_ok(r, w + " cue", "cue_start", "cue_end", "cue")
            sm = ments.get(r["source_mention_id"])
            if sm is None:
                P(w + ": missing/unknown source mention (R6.6.5)")
            elif sm["entity_id"] != r["source_entity_id"]:
                P(w + ": source mention belongs to another entity (R6.6.5)")
            elif r["cue_start"] and para_of(int(sm["start"])) != para_of(int(r["cue_start"])):
                P(w + ": source mention not in the cue's paragraph (R6.6.4)")
            if r["attribution"] == "reported":
                if r["quote_id"]:
                    P(w + ": reported claim with quote_id")
                if sp and r["cue_start"] and not (sp[0] <= int(r["cue_start"]) and int(r["cue_end"]) <= sp[1]):
                    P(w + ": cue outside span (R6.2.4)")
            else:
                q = quotes.get(r["quote_id"])
                if q is None:
                    P(w + ": quoted claim without valid quote_id")
                else:
                    if sp and not (int(q["start"]) <= sp[0] and sp[1] <= int(q["end"])):
                        P(w + ": quoted claim not inside its quote (R6.2.7)")
                    if q["speaker_entity_id"] != r["source_entity_id"]:
                        P(w + ": source differs from quote speaker (R6.5.3)")
                    if q["cue"] != r["cue"]:
                        P(w + ": cue differs from the quote's cue (R6.6.3)")
                    if q["citation_id"] != r["citation_id"]:
                        P(w + ": citation differs from its quote's citation")
        claims[r["claim_id"]] = r

    pairs = set()
    by_claim = {}
    for r in T["claim_entities"]:
        w = "claim_entities %s/%s" % (r["claim_id"], r["entity_id"])
        if r["claim_id"] not in claims:
            P(w + ": unknown claim")
        if r["entity_id"] not in ents:
            P(w + ": unknown entity")
        enum(r["role"], ["subject", "object", "place", "other", "source"], w)
        if (r["claim_id"], r["entity_id"]) in pairs:
            P(w + ": duplicate key")
        pairs.add((r["claim_id"], r["entity_id"]))
        by_claim.setdefault(r["claim_id"], []).append(r)
    for cid, c in claims.items():
        src = [x for x in by_claim.get(cid, []) if x["role"] == "source"]
        if c["attribution"] == "author":
            if src:
                P("claim %s: author claim has a source link (R6.5.8)" % cid)
        elif [x["entity_id"] for x in src] != [c["source_entity_id"]]:
            P("claim %s: source link must be exactly the source entity (R6.5.8)" % cid)

    # groups must be a claim source or quote speaker (R3.3)
    for eid, e in ents.items():
        if e["type"] == "group":
            if not (any(c["source_entity_id"] == eid for c in claims.values())
                    or any(q["speaker_entity_id"] == eid for q in quotes.values())):
                P("group %s is neither source nor speaker (R3.3)" % eid)

    # R6.1.1: every body sentence is covered by a claim or a quote
    body_start = PARAS[2][0]
    spans = [(int(c["start"]), int(c["end"])) for c in claims.values()] + \
            [(int(q["start"]), int(q["end"])) for q in quotes.values()]
    for pi in range(2, len(PARAS)):
        ps, pe = PARAS[pi]
        bounds = [ps] + [ps + m.end() for m in re.finditer("[.?!]\u201d?\\s+(?=[A-Z\u201c])", TEXT[ps:pe])] + [pe]
        for a, b in zip(bounds, bounds[1:]):
            if not any(s < b and e > a for s, e in spans):
                P("sentence not covered: %r" % TEXT[a:b][:50])
    assert body_start

    # R7.4(a): every claim and quote inside the sentence a citation closes carries it
    for ct in cits.values():
        cs, ce = int(ct["start"]), int(ct["end"])
        pi = para_of(cs)
        ps, pe = PARAS[pi]
        starts = [ps] + [ps + m.end() for m in re.finditer("[.?!]\u201d?\\s+(?=[A-Z\u201c])", TEXT[ps:cs])]
        ss = max(starts)
        for c in claims.values():
            if ss <= int(c["start"]) and int(c["end"]) <= ce and c["citation_id"] != ct["citation_id"]:
                P("claim %s lies in the sentence closed by %s but lacks it (R7.4a)" % (c["claim_id"], ct["citation_id"]))
        for q in quotes.values():
            if ss <= int(q["start"]) and int(q["end"]) <= ce and q["citation_id"] != ct["citation_id"]:
                P("quote %s lies in the sentence closed by %s but lacks it (R7.4a)" % (q["quote_id"], ct["citation_id"]))
        # citation must be cited in the same paragraph only
        for c in claims.values():
            if c["citation_id"] == ct["citation_id"] and (para_of(int(c["start"])) != pi or int(c["start"]) > cs):
                P("claim %s carries %s from outside its paragraph or after it (R7.4)" % (c["claim_id"], ct["citation_id"]))

    # document order of IDs
    for name, key in (("mentions", "mention_id"), ("quotes", "quote_id"), ("claims", "claim_id"),
                      ("citations", "citation_id")):
        rows = T[name]
        ids = [r[key] for r in rows]
        if ids != sorted(ids) or [int(i[3:]) for i in ids] != list(range(1, len(ids) + 1)):
            P("%s: IDs not consecutive from 0001" % name)
        st = [(int(r["start"]), int(r["end"])) for r in rows]
        if st != sorted(st):
            P("%s: IDs not in document order" % name)

    return T, problems


if __name__ == "__main__":
    if "--check-only" not in sys.argv:
        build()
    T, problems = check()
    for name in FILES:
        print("%-15s %4d rows" % (name + ".csv", len(T[name])))
    if problems:
        print("%d PROBLEM(S):" % len(problems))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("OK: no problems found (spans, cues, IDs, references, value sets).")
