#!/usr/bin/env python3
"""Build and check the annotation of document edm-4-191.

All spans are sliced from text.txt (Unicode code points, 0-based, half-open).
Run:  python3 check.py      -> writes the six CSVs, re-reads them and checks them.
Standard library only.
"""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = "edm-4-191"
with open(os.path.join(HERE, "text.txt"), encoding="utf-8", newline="") as fh:
    TEXT = fh.read()

# ---------------------------------------------------------------- paragraphs
PARAS = []  # (start, end)
_pos = 0
for _chunk in TEXT.split("\n\n"):
    PARAS.append((_pos, _pos + len(_chunk)))
    _pos += len(_chunk) + 2


def para_of(pos):
    for i, (s, e) in enumerate(PARAS):
        if s <= pos < e:
            return i
    raise ValueError(pos)


def find_in_para(para, exact, nth=1):
    s, e = PARAS[para]
    seg = TEXT[s:e]
    occ = [m.start() + s for m in re.finditer(re.escape(exact), seg)]
    if len(occ) < nth:
        raise ValueError("not found (para %d, nth %d): %r" % (para, nth, exact))
    if nth == 1 and len(occ) > 1:
        raise ValueError("ambiguous in para %d (%d hits): %r" % (para, len(occ), exact))
    st = occ[nth - 1]
    return st, st + len(exact)


# ------------------------------------------------------------------ entities
NV = "Wikidata ID not verified; country code left empty (not determinable from the text alone)."
GV = "No identifier applies; country code left empty (unnamed multinational collective)."
MV = NV + " Ownership not verified."
ENTITIES = [
    # entity_id, name, type, description, ownership, notes
    ("csto", "Collective Security Treaty Organization", "organization",
     "A regional security organization whose chairmanship passed to Kyrgyzstan at its summit in Dushanbe (per the article).", "", NV),
    ("central-asia", "Central Asia", "place",
     "The region whose governments' security choices the article discusses (per the article).", "", NV),
    ("eurasia-daily-monitor", "Eurasia Daily Monitor", "media_outlet",
     "The publication that issued this article as Volume 4, Issue 191 (per the article).", "unknown", MV),
    ("soviet-union", "Soviet Union", "country",
     "A former state referred to through the phrase 'the former Soviet region' (per the article).", "", NV),
    ("sco", "Shanghai Cooperation Organization", "organization",
     "An organization that signed a memorandum of understanding with the CSTO (per the article).", "", NV),
    ("dushanbe", "Dushanbe", "place",
     "The place where the CSTO summit was held and the CSTO-SCO memorandum was signed (per the article).", "", NV),
    ("osce", "Organization for Security and Cooperation in Europe", "organization",
     "An organization with which the CSTO will develop a multilateral relationship (per the article).", "", NV),
    ("kazakhstan", "Kazakhstan", "country",
     "A Central Asian country whose peacekeeping forces receive Western training assistance (per the article).", "", NV),
    ("nursultan-nazarbayev", "Nursultan Nazarbayev", "person",
     "The President of Kazakhstan (per the article).", "", NV),
    ("avesta", "Avesta", "media_outlet",
     "A news outlet cited for a report dated October 9 (per the article).", "unknown", MV),
    ("moscow", "Moscow", "place",
     "A city named mostly as a metonym for the Russian government and as the place of Argumenty i fakty (per the article).", "", NV),
    ("united-states", "United States", "country",
     "A country whose influence in Central Asia the article discusses (per the article).", "", NV),
    ("west", "the West", "other",
     "The Western countries taken as a bloc, named as 'the West' and by the adjective 'Western' (per the article).", "", NV),
    ("western-observers", "Western observers", "group",
     "Unnamed Western observers who suggest that the CSTO has been a 'paper tiger' (per the article).", "", GV),
    ("central-asian-governments", "Central Asian governments", "group",
     "The governments of Central Asia, which see the CSTO as a potential security venue (per the article).", "", GV),
    ("csto-summit-dushanbe", "CSTO summit in Dushanbe", "event",
     "The CSTO summit held in Dushanbe, at which the chairmanship passed to Kyrgyzstan (per the article).", "",
     NV + " Year of the summit not given in the text."),
    ("kyrgyzstan", "Kyrgyzstan", "country",
     "A country that took over the chairmanship of the CSTO (per the article).", "", NV),
    ("kurmanbek-bakiyev", "Kurmanbek Bakiyev", "person",
     "The President of Kyrgyzstan and incoming CSTO chairman (per the article).", "", NV),
    ("tajik-tv-channel-1", "Tajik TV Channel 1", "media_outlet",
     "A television channel cited for Bakiyev's statement of October 6 (per the article).", "unknown", MV),
    ("tajikistan", "Tajikistan", "country",
     "A country bordering Afghanistan that hosts Russia's biggest military base (per the article).", "", NV),
    ("emomali-rahmon", "Emomali Rahmon", "person",
     "The President of Tajikistan (per the article).", "", NV),
    ("afghanistan", "Afghanistan", "country",
     "A country whose border with Tajikistan is linked with security problems (per the article).", "", NV),
    ("russia", "Russia", "country",
     "A country whose use of the CSTO in Central Asia the article discusses (per the article).", "", NV),
    ("vladimir-putin", "Vladimir Putin", "person",
     "The President of Russia, presented with the Order of Ismoil Somoni (per the article).", "", NV),
    ("order-of-ismoil-somoni", "Order of Ismoil Somoni", "award",
     "The highest award in Tajikistan, conferred here in its First Degree (per the article).", "", NV),
    ("nikolai-makarov", "Nikolai Makarov", "person",
     "A general and Russian Deputy Defense Minister (per the article).", "", NV),
    ("nurek-facility", "Nurek facility", "facility",
     "A facility in Tajikistan where the Russian Space Troops' space-surveillance center is located (per the article).", "", NV),
    ("russian-space-troops", "Russian Space Troops", "organization",
     "A Russian armed service whose space-surveillance center is at the Nurek facility (per the article).", "", NV),
    ("russian-ministry-of-defense", "Russian Ministry of Defense", "organization",
     "The Russian ministry on whose behalf the Nurek center monitors space (per the article).", "", NV),
    ("itar-tass", "Itar-Tass", "media_outlet",
     "A news agency cited for Makarov's statements of October 6 (per the article).", "unknown", MV),
    ("cis", "Commonwealth of Independent States", "organization",
     "An organization within whose area the CSTO may conduct conflict management and peacekeeping (per the article).", "", NV),
    ("nato", "NATO", "organization",
     "An alliance whose members assist, with the United States, Kazakhstan's peacekeeping forces (per the article).", "", NV),
    ("kapchagai", "Kapchagai", "place",
     "The place where Kazakhstan's airmobile forces are based (per the article).", "", NV),
    ("nikolai-patrushev", "Nikolai Patrushev", "person",
     "The director of Russia's Security Service (FSB) (per the article).", "", NV),
    ("fsb", "FSB", "organization",
     "Russia's Security Service, abbreviated FSB (per the article).", "", NV),
    ("argumenty-i-fakty", "Argumenty i fakty", "media_outlet",
     "A Moscow publication to which Patrushev spoke on October 10 (per the article).", "unknown", MV),
    ("united-kingdom", "United Kingdom", "country",
     "A country whose counter-terrorist cooperation with Russia has broken down (per the article).", "", NV),
    ("london", "London", "place",
     "A city named in the article as a metonym for the British government (per the article).", "", NV),
    ("alexander-lugovoi", "Alexander Lugovoi", "person",
     "A person whose extradition London requested for the murder of Alexander Litvinenko (per the article).", "",
     NV + " Name kept as the article gives it; not checked against an outside source."),
    ("alexander-litvinenko", "Alexander Litvinenko", "person",
     "A former spy whose murder the article refers to (per the article).", "", NV),
    ("iran", "Iran", "country",
     "A country named as a subject of disagreement between Russia and the United States (per the article).", "", NV),
    ("washington", "Washington", "place",
     "A city named in the article as a metonym for the U.S. government (per the article).", "", NV),
    ("bishkek", "Bishkek", "place",
     "A place named with Dushanbe as a source of interest in the CSTO's practical elements (per the article).", "", NV),
    ("western-analysts", "Western analysts", "group",
     "Unnamed Western analysts who interpret the Russian intelligence rhetoric as a localized spat (per the article).", "", GV),
    ("war-on-terror", "War on Terror", "event",
     "The international campaign against terrorism that the article calls the war on terror (per the article).", "", NV),
]

# ------------------------------------------------------------------ mentions
# (para, entity_id, exact, same) ; searched in order inside the paragraph from
# (previous start + 1), or from the previous start when same=True (nested mention).
M = []


def mp(para, items):
    for it in items:
        if len(it) == 2:
            M.append((para, it[0], it[1], False))
        else:
            M.append((para, it[0], it[1], True))


mp(0, [("csto", "CSTO"), ("central-asia", "CENTRAL ASIA")])
mp(1, [("eurasia-daily-monitor", "Eurasia Daily Monitor")])
mp(2, [("csto", "Collective Security Treaty Organization"), ("csto", "CSTO"),
       ("soviet-union", "Soviet"),
       ("sco", "Shanghai Cooperation Organization"), ("sco", "SCO"),
       ("dushanbe", "Dushanbe"), ("csto", "CSTO"), ("sco", "SCO"), ("csto", "CSTO"),
       ("osce", "Organization for Security and Cooperation in Europe"), ("osce", "OSCE"),
       ("csto", "CSTO"), ("kazakhstan", "Kazakhstan"), ("kazakhstan", "Kazakh"),
       ("nursultan-nazarbayev", "Nursultan Nazarbayev"), ("osce", "OSCE"), ("avesta", "Avesta")])
mp(3, [("moscow", "Moscow"), ("csto", "CSTO"), ("united-states", "United States"),
       ("west", "Western"), ("central-asia", "Central Asia"), ("csto", "CSTO"),
       ("central-asia", "Central Asia"),
       ("western-observers", "Western observers"), ("west", "Western", 1),
       ("csto", "CSTO"),
       ("csto-summit-dushanbe", "CSTO summit in Dushanbe"), ("csto", "CSTO", 1),
       ("dushanbe", "Dushanbe"),
       ("central-asian-governments", "Central Asia’s governments"), ("central-asia", "Central Asia", 1),
       ("csto", "CSTO")])
mp(4, [("dushanbe", "Dushanbe"), ("kyrgyzstan", "Kyrgyzstan"), ("kyrgyzstan", "Kyrgyz"),
       ("kurmanbek-bakiyev", "Kurmanbek Bakiyev"), ("central-asia", "Central Asian"),
       ("kyrgyzstan", "Kyrgyzstan"), ("csto", "CSTO"), ("tajik-tv-channel-1", "Tajik TV Channel 1")])
mp(5, [("tajikistan", "Tajikistan"), ("emomali-rahmon", "Emomali Rahmon"), ("csto", "CSTO"),
       ("tajikistan", "Tajik"), ("afghanistan", "Afghan"), ("dushanbe", "Dushanbe"),
       ("tajikistan", "Tajikistan"), ("russia", "Russia"), ("emomali-rahmon", "Rahmon"),
       ("csto", "CSTO"), ("moscow", "Moscow"), ("russia", "Russia"), ("tajikistan", "Tajikistan"),
       ("russia", "Russia"), ("emomali-rahmon", "Rahmon"), ("russia", "Russia"),
       ("tajikistan", "Tajikistan"), ("emomali-rahmon", "Rahmon"), ("russia", "Russian"),
       ("vladimir-putin", "Vladimir Putin"), ("order-of-ismoil-somoni", "Order of Ismoil Somoni"),
       ("tajikistan", "Tajikistan")])
mp(6, [("russia", "Russian"), ("nikolai-makarov", "Nikolai Makarov"), ("moscow", "Moscow"),
       ("nurek-facility", "Nurek facility"), ("tajikistan", "Tajikistan"),
       ("russian-space-troops", "Russian Space Troops"), ("nikolai-makarov", "Makarov"),
       ("russian-ministry-of-defense", "Russian Ministry of Defense"), ("itar-tass", "Itar-Tass")])
mp(7, [("csto", "CSTO"), ("cis", "Commonwealth of Independent States"), ("west", "Western"),
       ("central-asia", "Central Asian"), ("united-states", "United States"), ("nato", "NATO"),
       ("kazakhstan", "Kazakhstan"), ("kazakhstan", "Kazakhstan"), ("kapchagai", "Kapchagai"),
       ("csto", "CSTO"), ("west", "Western"), ("central-asia", "Central Asian"),
       ("moscow", "Moscow"), ("west", "West")])
mp(8, [("russia", "Russian"), ("nikolai-patrushev", "Nikolai Patrushev"), ("russia", "Russia"),
       ("fsb", "Security Service"), ("fsb", "FSB"), ("argumenty-i-fakty", "Argumenty i fakty"),
       ("united-kingdom", "British"), ("russia", "Russia"), ("russia", "Russia"),
       ("united-kingdom", "UK"), ("moscow", "Moscow"), ("london", "London"),
       ("alexander-lugovoi", "Alexander Lugovoi"), ("alexander-litvinenko", "Alexander Litvinenko"),
       ("russia", "Russia"), ("united-states", "United States"), ("iran", "Iran"),
       ("united-states", "U.S."), ("west", "Western"), ("central-asia", "Central Asia"),
       ("argumenty-i-fakty", "Argumenty i fakty"), ("moscow", "Moscow")])
mp(9, [("london", "London"), ("moscow", "Moscow"), ("west", "Western"),
       ("central-asia", "Central Asian"), ("fsb", "FSB"), ("kazakhstan", "Kazakhstan"),
       ("washington", "Washington"), ("moscow", "Moscow"), ("west", "Western"),
       ("central-asia", "Central Asian"), ("csto", "CSTO"), ("moscow", "Moscow"),
       ("washington", "Washington"), ("csto", "CSTO"), ("csto", "CSTO"),
       ("bishkek", "Bishkek"), ("dushanbe", "Dushanbe")])
mp(10, [("western-analysts", "Western analysts"), ("west", "Western", 1),
        ("russia", "Russian"), ("london", "London"), ("war-on-terror", "war on terror"),
        ("united-kingdom", "British"), ("russia", "Russian"), ("central-asia", "Central Asia"),
        ("central-asian-governments", "governments in Central Asia"), ("central-asia", "Central Asia", 1),
        ("united-states", "U.S."), ("russia", "Russia"), ("csto", "CSTO"),
        ("united-kingdom", "Britain"), ("russia", "Russia"), ("washington", "Washington"),
        ("west", "Western"), ("central-asia", "Central Asia"), ("russia", "Russia"),
        ("central-asia", "Central Asia")])

# -------------------------------------------------------------------- quotes
# key, para, exact, nth, utterance key, speaker, cue, kind, citation key
QUOTES = [
    ("q1", 3, "paper tiger,", 1, "u1", "western-observers", "suggest", "scare", ""),
    ("q2", 4, "During the period of its chairmanship,", 1, "u2", "kurmanbek-bakiyev", "declared", "direct", "c2"),
    ("q3", 4, "Kyrgyzstan will make every effort to increase the effectiveness of the CSTO’s activities and to strengthen regional security for the welfare and prosperity of our countries’ peoples", 1, "u2", "kurmanbek-bakiyev", "declared", "direct", "c2"),
    ("q4", 5, "Russia helps us a lot in strengthening our defense capability. Military and technical cooperation between Tajikistan and Russia is developing well,", 1, "u3", "emomali-rahmon", "commented", "direct", ""),
    ("q5", 5, "You know that Russia’s biggest military base is in Tajikistan. This also means a lot. That is why all these events are very important for us.", 1, "u3", "emomali-rahmon", "commented", "direct", ""),
    ("q6", 6, "The center will be upgraded. In the near future considerable resources and funds will be directed here for that purpose,", 1, "u4", "nikolai-makarov", "said", "direct", "c3"),
    ("q7", 10, "spat", 2, "u5", "", "", "scare", ""),
]

# ---------------------------------------------------------------- citations
# key, para, exact, outlet, place, cited_date, notes
CITNOTE = ("cited_date left empty: the text gives the day and month without a year, and the "
           "document's publication date was not available to the annotator (R7.3, R6.8.2).")
CITATIONS = [
    ("c1", 2, "(Avesta, October 9)", "avesta", "", "", CITNOTE + " Text date: October 9."),
    ("c2", 4, "(Tajik TV Channel 1, October 6)", "tajik-tv-channel-1", "", "", CITNOTE + " Text date: October 6."),
    ("c3", 6, "(Itar-Tass, October 6)", "itar-tass", "", "", CITNOTE + " Text date: October 6."),
    ("c4", 8, "(Argumenty i fakty, Moscow, October 10)", "argumenty-i-fakty", "moscow", "", CITNOTE + " Text date: October 10."),
]

# -------------------------------------------------------------------- claims
# dict fields: p (para), x (exact), n (nth, default 1), s (statement), t (type),
# a (attribution), src, cue, cn (cue nth inside span), c (certainty), pol, q (quote key),
# ct (citation key), d (event_date), notes, L (list of (entity, role))
C = []


def cl(**kw):
    kw.setdefault("n", 1)
    kw.setdefault("a", "author")
    kw.setdefault("src", "")
    kw.setdefault("cue", "")
    kw.setdefault("cn", 1)
    kw.setdefault("c", "certain")
    kw.setdefault("pol", "positive")
    kw.setdefault("q", "")
    kw.setdefault("ct", "")
    kw.setdefault("d", "")
    kw.setdefault("notes", "")
    C.append(kw)


METO = "metonym resolved (R4.4, R6.9.4): "
NODATE = ("event_date left empty: the text gives October 6 without a year and the document's "
          "publication date was not available to the annotator (R6.8.2).")

# --- paragraph 2
cl(p=2, x="The Collective Security Treaty Organization (CSTO) has recently raised its profile by expanding its traditional emphasis on anti-terrorism to include potential peacekeeping activities within the former Soviet region",
   s="The CSTO has recently raised its profile by expanding its traditional emphasis on anti-terrorism to include potential peacekeeping activities within the former Soviet region.",
   t="event", L=[("csto", "subject"), ("soviet-union", "other")],
   notes="The by-adjunct stays inside the claim (R6.1.9); 'potential' modifies a noun phrase and does not lower certainty (R6.7.6).")
cl(p=2, x="its memorandum of understanding with the Shanghai Cooperation Organization (SCO), signed on October 6 in Dushanbe",
   s="The CSTO and the Shanghai Cooperation Organization (SCO) signed their memorandum of understanding on October 6 in Dushanbe.",
   t="event", L=[("csto", "subject"), ("sco", "subject"), ("dushanbe", "place")], notes=NODATE)
cl(p=2, x="its memorandum of understanding with the Shanghai Cooperation Organization (SCO), signed on October 6 in Dushanbe, cements the cooperative element between the CSTO and the SCO",
   s="The CSTO's memorandum of understanding with the SCO cements the cooperative element between the CSTO and the SCO.",
   t="assessment", L=[("csto", "subject"), ("sco", "other")])
cl(p=2, x="The CSTO will also develop its multilateral relationship with the Organization for Security and Cooperation in Europe (OSCE)",
   s="The CSTO will also develop its multilateral relationship with the Organization for Security and Cooperation in Europe (OSCE).",
   t="forecast", ct="c1", L=[("csto", "subject"), ("osce", "other")])
cl(p=2, x="The CSTO will also develop its multilateral relationship with the Organization for Security and Cooperation in Europe (OSCE), making the CSTO a more appealing venue for Kazakhstan",
   s="The CSTO's development of its multilateral relationship with the OSCE will make the CSTO a more appealing venue for Kazakhstan.",
   t="assessment", ct="c1", L=[("csto", "subject"), ("osce", "other"), ("kazakhstan", "other")],
   notes="Causal link expressed by the verb 'making' (R6.1.8); span begins at the first written subject (R6.2.2).")
cl(p=2, x="The CSTO will also develop its multilateral relationship with the Organization for Security and Cooperation in Europe (OSCE), making the CSTO a more appealing venue for Kazakhstan, reflecting Kazakh President Nursultan Nazarbayev’s interest in the OSCE",
   s="The CSTO's becoming a more appealing venue for Kazakhstan through its relationship with the OSCE reflects Kazakh President Nursultan Nazarbayev's interest in the OSCE.",
   t="assessment", ct="c1", L=[("csto", "subject"), ("kazakhstan", "other"), ("osce", "other"), ("nursultan-nazarbayev", "other")],
   notes="Subject of 'reflecting' read as the preceding 'making' clause, so the span begins at the first written subject (R6.2.2).")
cl(p=2, x="Nursultan Nazarbayev’s interest in the OSCE",
   s="Kazakh President Nursultan Nazarbayev is interested in the OSCE.",
   t="state", ct="c1", L=[("nursultan-nazarbayev", "subject"), ("osce", "object")],
   notes="Presupposed attitude relied on as information (R6.1.3); ascribed by the author (R6.5.6); title left out of the span (R6.2.5).")

# --- paragraph 3
cl(p=3, x="Moscow’s use of the CSTO as a tool to minimize the influence of the United States and other Western countries in Central Asia is well known",
   s="Russia, as is well known, uses the CSTO as a tool to minimize the influence of the United States and other Western countries in Central Asia.",
   t="assessment", L=[("russia", "subject"), ("csto", "object"), ("united-states", "other"), ("west", "other"), ("central-asia", "other")],
   notes=METO + "Moscow stands for the Russian government. Typed assessment as a claim about motive (R6.4.3).")
cl(p=3, x="Reactions and interpretations of the CSTO within Central Asia have often been guarded",
   s="Reactions to and interpretations of the CSTO within Central Asia have often been guarded.",
   t="state", L=[("csto", "other"), ("central-asia", "other")])
cl(p=3, x="many regional leaders have privately sympathized with criticisms made by Western observers",
   s="Many Central Asian leaders have privately sympathized with criticisms of the CSTO made by Western observers.",
   t="state", L=[("central-asia", "other"), ("csto", "other"), ("western-observers", "other")],
   notes="Attitude ascribed by the author, not a report (R6.5.6); the regional leaders are not a source, so not an entity (R3.3).")
cl(p=3, x="Western observers who suggest that the CSTO has been a “paper tiger,”",
   s="The CSTO has been a paper tiger.", t="assessment", a="reported", src="western-observers", cue="suggest",
   c="probable", L=[("western-observers", "source"), ("csto", "subject")],
   notes="'suggest' read as a verb of tentative assertion (R6.7.6).")
cl(p=3, x="Western observers who suggest that the CSTO has been a “paper tiger,” producing a plethora of documents and agreements, but little substance",
   s="The CSTO has produced a plethora of documents and agreements but little substance.", t="assessment", a="reported",
   src="western-observers", cue="suggest", c="probable", L=[("western-observers", "source"), ("csto", "subject")],
   notes="Participial clause read as part of the observers' suggestion (R6.2.4); 'suggest' = tentative assertion (R6.7.6).")
cl(p=3, x="in the aftermath of the CSTO summit in Dushanbe the consensus has shifted",
   s="In the aftermath of the CSTO summit in Dushanbe, the consensus in Central Asia on the CSTO has shifted.",
   t="event", L=[("csto-summit-dushanbe", "other"), ("csto", "other"), ("central-asia", "other")])
cl(p=3, x="Central Asia’s governments now see the CSTO as a potential venue to promote security in the region",
   s="The CSTO is a potential venue to promote security in Central Asia.", t="assessment", a="reported",
   src="central-asian-governments", cue="see", L=[("central-asian-governments", "source"), ("csto", "subject"), ("central-asia", "other")],
   notes="'see ... as' treated as a verb of judgement introducing a propositional content (R6.5.2), not a bare attitude (R6.5.6).")

# --- paragraph 4
cl(p=4, x="in Dushanbe, the chairmanship of the body was handed to Kyrgyzstan",
   s="In Dushanbe, the chairmanship of the CSTO was handed to Kyrgyzstan.", t="event",
   L=[("csto", "other"), ("kyrgyzstan", "object"), ("dushanbe", "place")])
cl(p=4, x="Kurmanbek Bakiyev vowed to use his tenure as chairman",
   s="Kurmanbek Bakiyev will use his tenure as chairman of the CSTO.", t="forecast", a="reported",
   src="kurmanbek-bakiyev", cue="vowed", ct="c2", L=[("kurmanbek-bakiyev", "source")],
   notes="Infinitive and purpose adjunct split into two claims (R6.1.7); title left out of the span (R6.2.5); the CSTO appears only in a role and is not linked (R6.9.1).")
cl(p=4, x="Kurmanbek Bakiyev vowed to use his tenure as chairman to make the organization more effective in maintaining Central Asian security",
   s="Kurmanbek Bakiyev will make the CSTO more effective in maintaining Central Asian security.", t="forecast", a="reported",
   src="kurmanbek-bakiyev", cue="vowed", ct="c2", L=[("kurmanbek-bakiyev", "source"), ("csto", "object"), ("central-asia", "other")])
cl(p=4, x="Kyrgyzstan will make every effort to increase the effectiveness of the CSTO’s activities",
   s="During its chairmanship of the CSTO, Kyrgyzstan will make every effort to increase the effectiveness of the CSTO's activities.",
   t="forecast", a="quoted", src="kurmanbek-bakiyev", cue="declared", q="q3", ct="c2",
   L=[("kurmanbek-bakiyev", "source"), ("kyrgyzstan", "subject"), ("csto", "other")])
cl(p=4, x="Kyrgyzstan will make every effort to increase the effectiveness of the CSTO’s activities and to strengthen regional security for the welfare and prosperity of our countries’ peoples",
   s="During its chairmanship of the CSTO, Kyrgyzstan will make every effort to strengthen regional security for the welfare and prosperity of the peoples of the CSTO member countries.",
   t="forecast", a="quoted", src="kurmanbek-bakiyev", cue="declared", q="q3", ct="c2",
   L=[("kurmanbek-bakiyev", "source"), ("kyrgyzstan", "subject"), ("csto", "other")],
   notes="Second infinitive with its own complement gives a separate claim (R6.1.7).")

# --- paragraph 5
cl(p=5, x="Emomali Rahmon views the CSTO’s importance in terms of the security problems linked with the Tajik-Afghan border",
   s="Emomali Rahmon views the CSTO's importance in terms of the security problems linked with the Tajik-Afghan border.",
   t="state", L=[("emomali-rahmon", "subject"), ("csto", "other"), ("tajikistan", "other"), ("afghanistan", "other")],
   notes="Attitude ascribed by the author (R6.5.6); title left out of the span (R6.2.5).")
cl(p=5, x="Counter-narcotics and counter-terrorism activities comprise a great deal of Dushanbe’s cooperative security arrangements",
   s="Counter-narcotics and counter-terrorism activities make up a great deal of Tajikistan's cooperative security arrangements.",
   t="state", L=[("tajikistan", "other")], notes=METO + "Dushanbe stands for the Tajik government.")
cl(p=5, x="he has arguably detached Tajikistan from a more overtly Russia-centered security dependence",
   s="Emomali Rahmon has detached Tajikistan from a more overtly Russia-centered security dependence.",
   t="assessment", c="probable", L=[("emomali-rahmon", "subject"), ("tajikistan", "object"), ("russia", "other")],
   notes="'arguably' read as a hedge of tentative assertion (R6.7.3).")
cl(p=5, x="Rahmon values both the CSTO and bilateral security cooperation with Moscow",
   s="Emomali Rahmon values both the CSTO and bilateral security cooperation with Russia.",
   t="state", L=[("emomali-rahmon", "subject"), ("csto", "object"), ("russia", "other")],
   notes=METO + "Moscow stands for the Russian government. Coordinated objects of one predicate: one claim (R6.1.7).")
cl(p=5, x="Russia helps us a lot in strengthening our defense capability",
   s="Russia helps Tajikistan a lot in strengthening Tajikistan's defense capability.", t="state", a="quoted",
   src="emomali-rahmon", cue="commented", q="q4", L=[("emomali-rahmon", "source"), ("russia", "subject"), ("tajikistan", "object")])
cl(p=5, x="Military and technical cooperation between Tajikistan and Russia is developing well",
   s="Military and technical cooperation between Tajikistan and Russia is developing well.", t="assessment", a="quoted",
   src="emomali-rahmon", cue="commented", q="q4", L=[("emomali-rahmon", "source"), ("tajikistan", "subject"), ("russia", "subject")])
cl(p=5, x="Russia’s biggest military base is in Tajikistan",
   s="Russia's biggest military base is in Tajikistan.", t="state", a="quoted",
   src="emomali-rahmon", cue="commented", q="q5", L=[("emomali-rahmon", "source"), ("russia", "subject"), ("tajikistan", "place")])
cl(p=5, x="This also means a lot",
   s="The presence of Russia's biggest military base in Tajikistan also means a lot for Tajikistan.", t="assessment", a="quoted",
   src="emomali-rahmon", cue="commented", q="q5", L=[("emomali-rahmon", "source"), ("russia", "other"), ("tajikistan", "other")])
cl(p=5, x="That is why all these events are very important for us",
   s="Russia's help, Russian-Tajik military cooperation and Russia's biggest military base in Tajikistan are the reason why all these events at the CSTO summit are very important for Tajikistan.",
   t="assessment", a="quoted", src="emomali-rahmon", cue="commented", q="q5",
   L=[("emomali-rahmon", "source"), ("russia", "other"), ("tajikistan", "other"), ("csto-summit-dushanbe", "other")],
   notes="Explanatory link 'That is why' (R6.1.8); 'these events' resolved as the events of the CSTO summit in Dushanbe (inferred).")
cl(p=5, x="all these events are very important for us",
   s="All these events at the CSTO summit in Dushanbe are very important for Tajikistan.", t="assessment", a="quoted",
   src="emomali-rahmon", cue="commented", q="q5",
   L=[("emomali-rahmon", "source"), ("csto-summit-dushanbe", "subject"), ("tajikistan", "other")],
   notes="'these events' resolved as the events of the CSTO summit in Dushanbe (inferred).")
cl(p=5, x="At the end of the summit, Rahmon presented Russian President Vladimir Putin with the Order of Ismoil Somoni, First Degree",
   s="At the end of the CSTO summit in Dushanbe, Emomali Rahmon presented Russian President Vladimir Putin with the Order of Ismoil Somoni, First Degree.",
   t="event", L=[("emomali-rahmon", "subject"), ("vladimir-putin", "object"), ("order-of-ismoil-somoni", "object"), ("csto-summit-dushanbe", "other")],
   notes="'the summit' is a common noun, not a mention (R4.8); linked as the occasion.")
cl(p=5, x="the Order of Ismoil Somoni, First Degree, the highest award in Tajikistan",
   s="The Order of Ismoil Somoni is the highest award in Tajikistan.", t="state",
   L=[("order-of-ismoil-somoni", "subject"), ("tajikistan", "other")],
   notes="Non-restrictive appositive carrying checkable information (R6.1.2).")

# --- paragraph 6
cl(p=6, x="Nikolai Makarov confirmed Moscow’s plans to re-equip and enhance the Nurek facility in Tajikistan",
   s="Russia plans to re-equip and enhance the Nurek facility in Tajikistan.", t="forecast", a="reported",
   src="nikolai-makarov", cue="confirmed", ct="c3",
   L=[("nikolai-makarov", "source"), ("russia", "subject"), ("nurek-facility", "object"), ("tajikistan", "other")],
   notes=METO + "Moscow stands for the Russian government. Title left out of the span (R6.2.5); coordinated verbs sharing one complement: one claim (R6.1.7).")
cl(p=6, x="the Nurek facility in Tajikistan, the location of the Russian Space Troops’ space-surveillance center",
   s="The Nurek facility in Tajikistan is the location of the Russian Space Troops' space-surveillance center.", t="state",
   L=[("nurek-facility", "subject"), ("tajikistan", "other"), ("russian-space-troops", "other")],
   notes="Appositive in the author's voice, not part of what Makarov confirmed.")
cl(p=6, x="The center will be upgraded",
   s="The space-surveillance center at the Nurek facility will be upgraded.", t="forecast", a="quoted",
   src="nikolai-makarov", cue="said", q="q6", ct="c3", L=[("nikolai-makarov", "source"), ("nurek-facility", "object")],
   notes="The center is not a named entity; the claim links the facility named with it (R3.1).")
cl(p=6, x="In the near future considerable resources and funds will be directed here for that purpose",
   s="In the near future, considerable resources and funds will be directed to the space-surveillance center at the Nurek facility to upgrade it.",
   t="forecast", a="quoted", src="nikolai-makarov", cue="said", q="q6", ct="c3",
   L=[("nikolai-makarov", "source"), ("nurek-facility", "object")])
cl(p=6, x="He described the center as unique",
   s="The space-surveillance center at the Nurek facility is unique.", t="assessment", a="reported",
   src="nikolai-makarov", cue="described", ct="c3", L=[("nikolai-makarov", "source"), ("nurek-facility", "subject")])
cl(p=6, x="He described the center as unique, taking advantage of the local climate",
   s="The space-surveillance center at the Nurek facility takes advantage of the local climate.", t="state", a="reported",
   src="nikolai-makarov", cue="described", ct="c3", L=[("nikolai-makarov", "source"), ("nurek-facility", "subject")],
   notes="Participial clauses read as part of Makarov's description (R6.2.4); each participle with its own complement is one claim (R6.1.7).")
cl(p=6, x="He described the center as unique, taking advantage of the local climate and monitoring space for 300 days annually on behalf of the Russian Ministry of Defense, as well as for civilian purposes such as tracking satellites",
   s="The space-surveillance center at the Nurek facility monitors space for 300 days a year on behalf of the Russian Ministry of Defense, as well as for civilian purposes such as tracking satellites.",
   t="state", a="reported", src="nikolai-makarov", cue="described", ct="c3",
   L=[("nikolai-makarov", "source"), ("nurek-facility", "subject"), ("russian-ministry-of-defense", "other")])

# --- paragraph 7
cl(p=7, x="The practical aspects of using the CSTO for conflict management and peacekeeping within the Commonwealth of Independent States, pose genuine challenges for Western defense engagement with Central Asian countries",
   s="The practical aspects of using the CSTO for conflict management and peacekeeping within the Commonwealth of Independent States pose genuine challenges for Western defense engagement with Central Asian countries.",
   t="assessment", L=[("csto", "other"), ("cis", "other"), ("west", "other"), ("central-asia", "other")])
cl(p=7, x="The United States and many of its allies in NATO are actively assisting in training and developing interoperability with Kazakhstan’s peacekeeping forces",
   s="The United States and many of its NATO allies are actively assisting in training and developing interoperability with Kazakhstan's peacekeeping forces.",
   t="state", L=[("united-states", "subject"), ("nato", "other"), ("kazakhstan", "other")],
   notes="Coordinated verbs sharing one complement: one claim (R6.1.7).")
cl(p=7, x="These forces are drawn from Kazakhstan’s airmobile forces",
   s="Kazakhstan's peacekeeping forces are drawn from Kazakhstan's airmobile forces.", t="state",
   L=[("kazakhstan", "subject")])
cl(p=7, x="Kazakhstan’s airmobile forces, based in Kapchagai",
   s="Kazakhstan's airmobile forces are based in Kapchagai.", t="state",
   L=[("kazakhstan", "subject"), ("kapchagai", "place")])
cl(p=7, x="The CSTO’s declaration of interest in peacekeeping activities opens the prospect of Western security assistance to key formations in Central Asian militaries raising the possibility of competition and conflicting interests",
   s="The CSTO's declaration of interest in peacekeeping activities opens the prospect that Western security assistance to key formations in Central Asian militaries raises the possibility of competition and conflicting interests.",
   t="assessment", L=[("csto", "subject"), ("west", "other"), ("central-asia", "other")],
   notes="Main predication is itself modal ('opens the prospect'), so certain (R6.7.6).")
cl(p=7, x="competition and conflicting interests, pulling these forces between Moscow and the West",
   s="Competition and conflicting interests would pull the Central Asian forces between Russia and the West.",
   t="assessment", c="possible", L=[("russia", "other"), ("west", "other"), ("central-asia", "other")],
   notes=METO + "Moscow stands for Russia. Subject of 'pulling' read as 'competition and conflicting interests' (R6.2.2); degree taken from the embedding 'prospect'/'possibility' (R6.7.6).")

# --- paragraph 8
cl(p=8, x="Of course, muddying the waters in these areas serves assertive Russian foreign policy interests",
   s="Muddying the waters in these areas serves assertive Russian foreign policy interests.", t="assessment",
   L=[("russia", "other")], notes="Gerund subject with no earlier subject: span from the sentence start (R6.2.3).")
cl(p=8, x="Nikolai Patrushev, director of Russia’s Security Service (FSB), told Argumenty i fakty that British intelligence is actively seeking to dismember Russia",
   s="Nikolai Patrushev told Argumenty i fakty that British intelligence is actively seeking to dismember Russia.",
   t="assessment", a="reported", src="nikolai-patrushev", cue="told", ct="c4",
   L=[("nikolai-patrushev", "source"), ("united-kingdom", "subject"), ("russia", "object"), ("argumenty-i-fakty", "other")],
   notes="The text dates the statement October 10; that is the date of the report, not of the reported content, so event_date is empty (R6.8.2). The FSB and Russia in the appositive title are not linked (R6.9.1). Typed assessment as a claim about intent (R6.4.3).")
cl(p=8, x="This comes in the context of the breakdown of Russia-UK counter-terrorist cooperation",
   s="Nikolai Patrushev's statement comes in the context of the breakdown of Russia-UK counter-terrorist cooperation.",
   t="assessment", L=[("nikolai-patrushev", "subject"), ("russia", "other"), ("united-kingdom", "other")])
cl(p=8, x="the breakdown of Russia-UK counter-terrorist cooperation",
   s="Russia-UK counter-terrorist cooperation has broken down.", t="event",
   L=[("russia", "subject"), ("united-kingdom", "subject")], notes="Presupposition relied on as news (R6.1.3).")
cl(p=8, x="the breakdown of Russia-UK counter-terrorist cooperation as a consequence of the fallout from Moscow’s decision to bloc London’s request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko",
   s="Russia-UK counter-terrorist cooperation broke down as a consequence of the fallout from Russia's decision to block the United Kingdom's request to extradite Alexander Lugovoi for the murder of former spy Alexander Litvinenko.",
   t="assessment", L=[("russia", "subject"), ("united-kingdom", "subject"), ("alexander-lugovoi", "other"), ("alexander-litvinenko", "other")],
   notes="Causal link 'as a consequence of' (R6.1.8). " + METO + "Moscow = Russian government, London = British government. Typo in span: 'bloc' for 'block' (R6.8.3).")
cl(p=8, x="Moscow’s decision to bloc London’s request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko",
   s="Russia decided to block the United Kingdom's request to extradite Alexander Lugovoi for the murder of former spy Alexander Litvinenko.",
   t="event", L=[("russia", "subject"), ("united-kingdom", "other"), ("alexander-lugovoi", "other"), ("alexander-litvinenko", "other")],
   notes="Presupposition relied on as news (R6.1.3). " + METO + "Moscow = Russian government, London = British government. Typo in span: 'bloc' for 'block' (R6.8.3).")
cl(p=8, x="London’s request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko",
   s="The United Kingdom requested the extradition of Alexander Lugovoi for the murder of former spy Alexander Litvinenko.",
   t="event", L=[("united-kingdom", "subject"), ("alexander-lugovoi", "object"), ("alexander-litvinenko", "other")],
   notes="Presupposition relied on as news (R6.1.3). " + METO + "London = British government.")
cl(p=8, x="the murder of ex-spy Alexander Litvinenko",
   s="Former spy Alexander Litvinenko was murdered.", t="event",
   L=[("alexander-litvinenko", "object")], notes="Presupposition relied on as news (R6.1.3).")
cl(p=8, x="a host of disagreements between Russia and the United States, particularly over Iran and U.S. missile defense plans",
   s="Russia and the United States have a host of disagreements, particularly over Iran and U.S. missile defense plans.",
   t="state", ct="c4", L=[("russia", "subject"), ("united-states", "subject"), ("iran", "other")],
   notes="Presupposition relied on as news (R6.1.3).")
cl(p=8, x="a host of disagreements between Russia and the United States, particularly over Iran and U.S. missile defense plans, signals difficult times in promoting strengthened Western security ties with Central Asia",
   s="The host of disagreements between Russia and the United States, particularly over Iran and U.S. missile defense plans, signals difficult times in promoting strengthened Western security ties with Central Asia.",
   t="assessment", ct="c4",
   L=[("russia", "subject"), ("united-states", "subject"), ("iran", "other"), ("west", "other"), ("central-asia", "other")])

# --- paragraph 9
cl(p=9, x="Currently no counter-terrorist cooperation exists between London and Moscow",
   s="No counter-terrorist cooperation currently exists between the United Kingdom and Russia.", t="state", pol="negative",
   L=[("united-kingdom", "subject"), ("russia", "subject")], notes=METO + "London = British government, Moscow = Russian government.")
cl(p=9, x="Currently no counter-terrorist cooperation exists between London and Moscow, which will have wider implications for Western efforts to engage the Central Asian states",
   s="The absence of counter-terrorist cooperation between the United Kingdom and Russia will have wider implications for Western efforts to engage the Central Asian states.",
   t="assessment", L=[("united-kingdom", "subject"), ("russia", "subject"), ("west", "other"), ("central-asia", "other")],
   notes="Relative clause whose antecedent is the preceding clause: span from that clause (R6.2.2); a claim about consequences (R6.4.5).")
cl(p=9, x="International intelligence cooperation dynamics are driven, to a greater or lesser degree, by a country’s links with and close reliance on the FSB",
   s="International intelligence cooperation dynamics are driven, to a greater or lesser degree, by a country's links with and close reliance on the FSB.",
   t="assessment", L=[("fsb", "other")], notes="Degree phrase limits scope, not certainty (R6.7.6).")
cl(p=9, x="Kazakhstan will not risk damaging its relationship with Washington by making too many bilateral security ties with Moscow",
   s="Kazakhstan will not risk damaging its relationship with the United States by making too many bilateral security ties with Russia.",
   t="forecast", pol="negative", L=[("kazakhstan", "subject"), ("united-states", "other"), ("russia", "other")],
   notes=METO + "Washington = U.S. government, Moscow = Russian government. The by-adjunct stays inside (R6.1.9).")
cl(p=9, x="Kazakhstan will not risk damaging its relationship with Washington by making too many bilateral security ties with Moscow, which could imply reservations about Western security policies",
   s="Kazakhstan's making too many bilateral security ties with Russia could imply reservations about Western security policies.",
   t="assessment", c="possible", L=[("kazakhstan", "subject"), ("russia", "other"), ("west", "other")],
   notes="Antecedent of 'which' is the gerund clause, whose subject is Kazakhstan, so the span begins there (R6.2.2); 'could' lowers to possible (R6.7.4).")
cl(p=9, x="each Central Asian CSTO member can draw closer to Moscow without it appearing as a criticism of Washington by doing so through the CSTO",
   s="Each Central Asian CSTO member can draw closer to Russia through the CSTO without it appearing as a criticism of the United States.",
   t="assessment", c="possible",
   L=[("central-asia", "other"), ("csto", "other"), ("russia", "object"), ("united-states", "other")],
   notes=METO + "Moscow = Russian government, Washington = U.S. government. 'can' read as a modal of possibility (R6.7.4).")
cl(p=9, x="This partly explains the sudden explosion of interest in pushing the practical elements of the CSTO coming from Bishkek and Dushanbe",
   s="The fact that Central Asian CSTO members can draw closer to Russia through the CSTO without appearing to criticize the United States partly explains the sudden explosion of interest from Kyrgyzstan and Tajikistan in pushing the practical elements of the CSTO.",
   t="assessment",
   L=[("central-asia", "other"), ("csto", "other"), ("russia", "other"), ("united-states", "other"), ("kyrgyzstan", "other"), ("tajikistan", "other")],
   notes="Explanatory link (R6.1.8); 'partly' is a degree word (R6.7.6). " + METO + "Bishkek and Dushanbe read as the Kyrgyz and Tajik governments (inferred).")
cl(p=9, x="the sudden explosion of interest in pushing the practical elements of the CSTO coming from Bishkek and Dushanbe",
   s="Kyrgyzstan and Tajikistan have shown a sudden explosion of interest in pushing the practical elements of the CSTO.",
   t="event", L=[("kyrgyzstan", "subject"), ("tajikistan", "subject"), ("csto", "other")],
   notes="Presupposition relied on as news (R6.1.3). " + METO + "Bishkek and Dushanbe read as the Kyrgyz and Tajik governments (inferred).")

# --- paragraph 10
cl(p=10, x="Western analysts have interpreted the rhetoric from Russian intelligence aimed at London as a purely localized spat",
   s="The rhetoric from Russian intelligence aimed at the United Kingdom is a purely localized spat.",
   t="assessment", a="reported", src="western-analysts", cue="interpreted",
   L=[("western-analysts", "source"), ("russia", "subject"), ("united-kingdom", "other")],
   notes=METO + "London = British government. 'purely' is a degree word (R6.7.6).")
cl(p=10, x="This view ignores the damage to the international coalition in the war on terror",
   s="The Western analysts' view that the Russian rhetoric is a purely localized spat ignores the damage to the international coalition in the war on terror.",
   t="assessment", L=[("western-analysts", "subject"), ("russia", "other"), ("war-on-terror", "other")])
cl(p=10, x="This view ignores the damage to the international coalition in the war on terror, because the British-Russian standoff also affects security policymaking in Central Asia",
   s="The Western analysts' view ignores the damage to the international coalition in the war on terror because the British-Russian standoff also affects security policymaking in Central Asia.",
   t="assessment",
   L=[("western-analysts", "subject"), ("war-on-terror", "other"), ("united-kingdom", "other"), ("russia", "other"), ("central-asia", "other")],
   notes="Causal link 'because' (R6.1.8).")
cl(p=10, x="the British-Russian standoff also affects security policymaking in Central Asia",
   s="The British-Russian standoff also affects security policymaking in Central Asia.", t="assessment",
   L=[("united-kingdom", "subject"), ("russia", "subject"), ("central-asia", "other")])
cl(p=10, x="For governments in Central Asia fearing the consequence of deteriorating U.S.-Russia relations, the CSTO is a safe method of conducting security cooperation",
   s="For Central Asian governments fearing the consequence of deteriorating U.S.-Russia relations, the CSTO is a safe method of conducting security cooperation.",
   t="assessment",
   L=[("csto", "subject"), ("central-asian-governments", "other"), ("united-states", "other"), ("russia", "other")],
   notes="The fronted 'For ...' phrase is an argument of the evaluation and is kept in the span; the restrictive participle is not a claim (R6.1.6).")
cl(p=10, x="The intelligence “spat” between Britain and Russia does not appear to serve Washington’s security interests",
   s="The intelligence spat between Britain and Russia does not serve the United States' security interests.",
   t="assessment", c="probable", pol="negative",
   L=[("united-kingdom", "subject"), ("russia", "subject"), ("united-states", "other")],
   notes="Contains a scare quote but is not quoted (R6.5.5); 'appear' is a predicate of appearance (R6.7.3). " + METO + "Washington = U.S. government.")
cl(p=10, x="nor does it facilitate Western engagement in Central Asia",
   s="The British-Russian intelligence spat does not facilitate Western engagement in Central Asia.",
   t="assessment", pol="negative",
   L=[("united-kingdom", "subject"), ("russia", "subject"), ("west", "other"), ("central-asia", "other")],
   notes="Span begins with the inverting word 'nor' (R6.2.1).")
cl(p=10, x="it has sent a fractious fault line through the coalition against international terrorism",
   s="The British-Russian intelligence spat has sent a fractious fault line through the coalition against international terrorism.",
   t="assessment", L=[("united-kingdom", "subject"), ("russia", "subject")])
cl(p=10, x="a fractious fault line through the coalition against international terrorism, which runs deep through Russia’s partners in Central Asia",
   s="The fractious fault line through the coalition against international terrorism runs deep through Russia's partners in Central Asia.",
   t="assessment", L=[("russia", "other"), ("central-asia", "other")],
   notes="Antecedent of 'which' read as 'a fractious fault line', which the meaning requires (R6.2.2).")

# ===================================================================== build
PROBLEMS = []


def problem(msg):
    PROBLEMS.append(msg)


def build():
    ent_ids = {e[0] for e in ENTITIES}
    # mentions
    mentions = []
    cursor = {}
    prev_start = None
    prev_para = None
    for i, (para, eid, exact, same) in enumerate(M, 1):
        s, e = PARAS[para]
        if para != prev_para:
            frm = s
        else:
            frm = prev_start if same else prev_start + 1
        st = TEXT.find(exact, frm, e)
        if st < 0:
            raise ValueError("mention not found: %r in para %d" % (exact, para))
        mentions.append({"mention_id": "MN-%04d" % i, "document_id": DOC, "entity_id": eid,
                         "start": st, "end": st + len(exact), "exact": exact})
        prev_start, prev_para = st, para
    # citations
    cit_id = {}
    citations = []
    for i, (k, para, exact, outlet, place, cdate, notes) in enumerate(CITATIONS, 1):
        st, en = find_in_para(para, exact)
        cit_id[k] = "CT-%04d" % i
        citations.append({"citation_id": cit_id[k], "document_id": DOC, "start": st, "end": en, "exact": exact,
                          "outlet_entity_id": outlet, "place_entity_id": place, "cited_date": cdate, "notes": notes})
    # quotes
    q_id, u_id, quotes = {}, {}, []
    for i, (k, para, exact, nth, ukey, spk, cue, kind, ck) in enumerate(QUOTES, 1):
        st, en = find_in_para(para, exact, nth)
        q_id[k] = "QT-%04d" % i
        if ukey not in u_id:
            u_id[ukey] = "UT-%04d" % (len(u_id) + 1)
        quotes.append({"quote_id": q_id[k], "document_id": DOC, "start": st, "end": en, "exact": exact,
                       "utterance_id": u_id[ukey], "speaker_entity_id": spk, "cue": cue, "kind": kind,
                       "citation_id": cit_id[ck] if ck else ""})
    # claims
    claims, links = [], []
    for i, c in enumerate(C, 1):
        cid = "CL-%04d" % i
        st, en = find_in_para(c["p"], c["x"], c["n"])
        cue_s = cue_e = ""
        smid = ""
        if c["a"] == "reported":
            occ = [m.start() + st for m in re.finditer(r"\b%s\b" % re.escape(c["cue"]), TEXT[st:en])]
            cue_s = occ[c["cn"] - 1]
            cue_e = cue_s + len(c["cue"])
        elif c["a"] == "quoted":
            qk = c["q"]
            qrow = quotes[int(q_id[qk][3:]) - 1]
            first = min(q["start"] for q in quotes if q["utterance_id"] == qrow["utterance_id"])
            m = re.compile(r"\b%s\b" % re.escape(c["cue"])).search(TEXT, first)
            cue_s = m.start()
            cue_e = cue_s + len(c["cue"])
        if c["a"] != "author":
            pa = para_of(st)
            ps, pe = PARAS[pa]
            cands = [m for m in mentions if m["entity_id"] == c["src"] and ps <= m["start"] and m["end"] <= cue_s]
            if cands:
                smid = max(cands, key=lambda m: m["end"])["mention_id"]
            else:
                after = [m for m in mentions if m["entity_id"] == c["src"] and m["start"] >= cue_e and m["end"] <= en]
                if after:
                    smid = min(after, key=lambda m: m["start"])["mention_id"]
        claims.append({"claim_id": cid, "document_id": DOC, "start": st, "end": en, "exact": c["x"],
                       "statement": c["s"], "claim_type": c["t"], "attribution": c["a"],
                       "source_entity_id": c["src"], "source_mention_id": smid,
                       "cue": c["cue"], "cue_start": cue_s, "cue_end": cue_e,
                       "certainty": c["c"], "polarity": c["pol"],
                       "quote_id": q_id[c["q"]] if c["q"] else "",
                       "citation_id": cit_id[c["ct"]] if c["ct"] else "",
                       "event_date": c["d"], "notes": c["notes"]})
        for eid, role in c["L"]:
            links.append({"claim_id": cid, "entity_id": eid, "role": role})
    entities = [{"entity_id": e[0], "name": e[1], "type": e[2], "description": e[3], "country": "",
                 "ownership": e[4], "wikidata_id": "", "notes": e[5]} for e in ENTITIES]
    return entities, mentions, quotes, claims, links, citations


COLS = {
    "entities": ["entity_id", "name", "type", "description", "country", "ownership", "wikidata_id", "notes"],
    "mentions": ["mention_id", "document_id", "entity_id", "start", "end", "exact"],
    "quotes": ["quote_id", "document_id", "start", "end", "exact", "utterance_id", "speaker_entity_id", "cue", "kind", "citation_id"],
    "claims": ["claim_id", "document_id", "start", "end", "exact", "statement", "claim_type", "attribution",
               "source_entity_id", "source_mention_id", "cue", "cue_start", "cue_end", "certainty", "polarity",
               "quote_id", "citation_id", "event_date", "notes"],
    "claim_entities": ["claim_id", "entity_id", "role"],
    "citations": ["citation_id", "document_id", "start", "end", "exact", "outlet_entity_id", "place_entity_id", "cited_date", "notes"],
}


def write(name, rows):
    with open(os.path.join(HERE, name + ".csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLS[name], lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def read(name):
    with open(os.path.join(HERE, name + ".csv"), encoding="utf-8", newline="") as fh:
        raw = fh.read()
    if "\r" in raw:
        problem("%s: CR characters present" % name)
    with open(os.path.join(HERE, name + ".csv"), encoding="utf-8", newline="") as fh:
        r = csv.reader(fh)
        header = next(r)
        if header != COLS[name]:
            problem("%s: header mismatch %r" % (name, header))
        return [dict(zip(header, row)) for row in r]


# ===================================================================== check
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAT = {"mention_id": r"^MN-[0-9]{4,}$", "quote_id": r"^QT-[0-9]{4,}$", "utterance_id": r"^UT-[0-9]{4,}$",
       "claim_id": r"^CL-[0-9]{4,}$", "citation_id": r"^CT-[0-9]{4,}$"}
ENUM = {
    ("entities", "type"): {"person", "organization", "media_outlet", "country", "place", "facility", "group", "event", "award", "other"},
    ("entities", "ownership"): {"", "state", "public", "private", "unknown"},
    ("quotes", "kind"): {"direct", "scare"},
    ("claims", "claim_type"): {"event", "state", "assessment", "forecast"},
    ("claims", "attribution"): {"author", "reported", "quoted"},
    ("claims", "certainty"): {"certain", "probable", "possible", "underspecified"},
    ("claims", "polarity"): {"positive", "negative"},
    ("claim_entities", "role"): {"subject", "object", "place", "other", "source"},
}


def check_span(tab, rid, s, e, exact, what="exact"):
    try:
        s, e = int(s), int(e)
    except ValueError:
        problem("%s %s: bad offsets %r %r" % (tab, rid, s, e))
        return None
    if not (0 <= s < e <= len(TEXT)):
        problem("%s %s: offsets out of range" % (tab, rid))
        return None
    if TEXT[s:e] != exact:
        problem("%s %s: %s mismatch: text %r != %r" % (tab, rid, what, TEXT[s:e], exact))
    if exact != exact.strip():
        problem("%s %s: %s begins/ends with whitespace" % (tab, rid, what))
    return s, e


def sentences():
    out = []
    for pi in range(2, len(PARAS)):
        ps, pe = PARAS[pi]
        seg = TEXT[ps:pe]
        last = 0
        for m in re.finditer(r"(?:(?<=[.!?])|(?<=[.!?][”)]))\s+(?=[A-Z“])", seg):
            out.append((ps + last, ps + m.start()))
            last = m.end()
        out.append((ps + last, pe))
    return out


def check():
    T = {n: read(n) for n in COLS}
    ents = {r["entity_id"]: r for r in T["entities"]}
    ments = {r["mention_id"]: r for r in T["mentions"]}
    quotes = {r["quote_id"]: r for r in T["quotes"]}
    claims = {r["claim_id"]: r for r in T["claims"]}
    cits = {r["citation_id"]: r for r in T["citations"]}
    # keys unique
    for n, key in [("entities", "entity_id"), ("mentions", "mention_id"), ("quotes", "quote_id"),
                   ("claims", "claim_id"), ("citations", "citation_id")]:
        ks = [r[key] for r in T[n]]
        if len(ks) != len(set(ks)):
            problem("%s: duplicate keys" % n)
    pairs = [(r["claim_id"], r["entity_id"]) for r in T["claim_entities"]]
    if len(pairs) != len(set(pairs)):
        problem("claim_entities: duplicate (claim, entity) pairs")
    # patterns, enums, document ids
    for n, rows in T.items():
        for r in rows:
            for col, pat in PAT.items():
                if col in r and r[col] and not re.match(pat, r[col]):
                    problem("%s: bad %s %r" % (n, col, r[col]))
            for col in ("entity_id", "speaker_entity_id", "source_entity_id", "outlet_entity_id", "place_entity_id", "document_id"):
                if col in r and r[col] and not SLUG.match(r[col]):
                    problem("%s: bad slug %s %r" % (n, col, r[col]))
            if "document_id" in r and r["document_id"] != DOC:
                problem("%s: wrong document_id" % n)
            for (tn, col), vals in ENUM.items():
                if tn == n and r[col] not in vals:
                    problem("%s: bad %s %r" % (n, col, r[col]))
            for col in ("event_date", "cited_date"):
                if col in r and r[col] and not re.match(r"^\d{4}-\d{2}-\d{2}$", r[col]):
                    problem("%s: bad date %r" % (n, r[col]))
    # entities
    for eid, r in ents.items():
        for col in ("entity_id", "name", "type"):
            if not r[col]:
                problem("entity %s: missing %s" % (eid, col))
        if (r["type"] == "media_outlet") != bool(r["ownership"]):
            problem("entity %s: ownership must be filled exactly for media outlets" % eid)
        if r["country"] and not re.match(r"^[A-Z]{3}$", r["country"]):
            problem("entity %s: bad country" % eid)
        if r["wikidata_id"] and not re.match(r"^Q[1-9][0-9]*$", r["wikidata_id"]):
            problem("entity %s: bad wikidata_id" % eid)
    # mentions
    seen = set()
    for mid, r in ments.items():
        if r["entity_id"] not in ents:
            problem("mention %s: unknown entity %s" % (mid, r["entity_id"]))
        check_span("mentions", mid, r["start"], r["end"], r["exact"])
        k = (r["entity_id"], r["start"], r["end"])
        if k in seen:
            problem("mention %s: same entity, same span twice" % mid)
        seen.add(k)
        if r["exact"].lower().startswith("the "):
            problem("mention %s: article in span" % mid)
        if r["exact"].endswith("’s") or r["exact"].endswith("'s"):
            problem("mention %s: possessive in span" % mid)
    for eid in ents:
        if not any(m["entity_id"] == eid for m in ments.values()):
            problem("entity %s has no mention" % eid)
    # citations
    for ctid, r in cits.items():
        check_span("citations", ctid, r["start"], r["end"], r["exact"])
        if not (r["exact"].startswith("(") and r["exact"].endswith(")")):
            problem("citation %s: not a whole parenthetical" % ctid)
        if ents.get(r["outlet_entity_id"], {}).get("type") != "media_outlet":
            problem("citation %s: outlet is not a media_outlet entity" % ctid)
        if r["place_entity_id"] and r["place_entity_id"] not in ents:
            problem("citation %s: unknown place" % ctid)
        s, e = int(r["start"]), int(r["end"])
        if not any(m["entity_id"] == r["outlet_entity_id"] and s <= int(m["start"]) and int(m["end"]) <= e for m in ments.values()):
            problem("citation %s: outlet has no mention inside the citation" % ctid)
    # quotes
    utts = {}
    for qid, r in quotes.items():
        sp = check_span("quotes", qid, r["start"], r["end"], r["exact"])
        if sp:
            s, e = sp
            if TEXT[s - 1] != "“" or TEXT[e] != "”":
                problem("quote %s: not delimited by quotation marks" % qid)
        if r["speaker_entity_id"] and r["speaker_entity_id"] not in ents:
            problem("quote %s: unknown speaker" % qid)
        if r["kind"] == "direct" and not r["speaker_entity_id"]:
            problem("quote %s: direct quote without speaker" % qid)
        if r["citation_id"] and r["citation_id"] not in cits:
            problem("quote %s: unknown citation" % qid)
        if r["cue"] and not re.search(r"\b%s\b" % re.escape(r["cue"]), TEXT[PARAS[para_of(int(r["start"]))][0]:PARAS[para_of(int(r["start"]))][1]]):
            problem("quote %s: cue not in paragraph" % qid)
        utts.setdefault(r["utterance_id"], []).append(r)
    for uid, rows in utts.items():
        for col in ("speaker_entity_id", "cue", "citation_id"):
            if len({x[col] for x in rows}) > 1:
                problem("utterance %s: parts differ in %s" % (uid, col))
    # every quotation-mark passage is a quote
    for m in re.finditer(r"“([^”]*)”", TEXT):
        if not any(int(q["start"]) == m.start(1) and int(q["end"]) == m.end(1) for q in quotes.values()):
            problem("quoted passage not annotated: %r" % m.group(1)[:40])
    # claims
    links_by = {}
    for r in T["claim_entities"]:
        if r["claim_id"] not in claims:
            problem("claim_entities: unknown claim %s" % r["claim_id"])
        if r["entity_id"] not in ents:
            problem("claim_entities: unknown entity %s" % r["entity_id"])
        links_by.setdefault(r["claim_id"], []).append(r)
    for cid, r in claims.items():
        sp = check_span("claims", cid, r["start"], r["end"], r["exact"])
        if not r["statement"].endswith("."):
            problem("claim %s: statement does not end with a full stop" % cid)
        first = r["exact"].split()[0]
        if re.match(r"^[a-z]+ing$", first) or first.lower() in ("which", "who", "whom", "whose") or first == "that":
            problem("claim %s: span begins with -ing word or relative pronoun" % cid)
        src_links = [l for l in links_by.get(cid, []) if l["role"] == "source"]
        if not links_by.get(cid):
            problem("claim %s: no entity links" % cid)
        if r["citation_id"] and r["citation_id"] not in cits:
            problem("claim %s: unknown citation" % cid)
        if r["attribution"] == "author":
            for col in ("source_entity_id", "source_mention_id", "quote_id", "cue", "cue_start", "cue_end"):
                if r[col]:
                    problem("claim %s: author claim has %s" % (cid, col))
            if src_links:
                problem("claim %s: author claim has a source link" % cid)
            continue
        # reported / quoted
        for col in ("source_entity_id", "source_mention_id", "cue", "cue_start", "cue_end"):
            if not r[col]:
                problem("claim %s: missing %s" % (cid, col))
        if r["source_entity_id"] not in ents:
            problem("claim %s: unknown source entity" % cid)
        cs = check_span("claims", cid, r["cue_start"], r["cue_end"], r["cue"], "cue")
        m = ments.get(r["source_mention_id"])
        if not m:
            problem("claim %s: unknown source mention" % cid)
        elif m["entity_id"] != r["source_entity_id"]:
            problem("claim %s: source mention belongs to another entity" % cid)
        elif para_of(int(m["start"])) != para_of(int(r["start"])):
            problem("claim %s: source mention in another paragraph" % cid)
        if [l["entity_id"] for l in src_links] != [r["source_entity_id"]]:
            problem("claim %s: source link missing or wrong" % cid)
        if r["attribution"] == "reported":
            if r["quote_id"]:
                problem("claim %s: reported claim has quote_id" % cid)
            if cs and sp and not (sp[0] <= cs[0] and cs[1] <= sp[1]):
                problem("claim %s: cue outside span" % cid)
        else:
            q = quotes.get(r["quote_id"])
            if not q:
                problem("claim %s: quoted claim without valid quote_id" % cid)
            else:
                if sp and not (int(q["start"]) <= sp[0] and sp[1] <= int(q["end"])):
                    problem("claim %s: quoted claim not inside its quote" % cid)
                if q["speaker_entity_id"] != r["source_entity_id"]:
                    problem("claim %s: source differs from quote speaker" % cid)
                if q["cue"] != r["cue"]:
                    problem("claim %s: cue differs from quote cue" % cid)
                if q["citation_id"] != r["citation_id"]:
                    problem("claim %s: citation differs from its quote's" % cid)
    # R7.4 coverage recomputed
    sents = sentences()

    def sent_of(pos):
        for s, e in sents:
            if s <= pos < e:
                return s, e
        return None

    expected_c, expected_q = {}, {}
    ordered = sorted(cits.values(), key=lambda r: int(r["start"]))
    for i, ct in enumerate(ordered):
        cs_, ce_ = int(ct["start"]), int(ct["end"])
        ss, se = sent_of(cs_)
        pa = para_of(cs_)
        prev_end = PARAS[pa][0]
        for ct2 in ordered[:i]:
            if para_of(int(ct2["start"])) == pa:
                prev_end = int(ct2["end"])
        srcs = set()
        for cid, r in claims.items():
            if ss <= int(r["start"]) and int(r["end"]) <= se:
                expected_c[cid] = ct["citation_id"]
                if r["source_entity_id"]:
                    srcs.add(r["source_entity_id"])
        for qid, q in quotes.items():
            if ss <= int(q["start"]) and int(q["end"]) <= se:
                expected_q[qid] = ct["citation_id"]
                if q["speaker_entity_id"]:
                    srcs.add(q["speaker_entity_id"])
        for cid, r in claims.items():
            st = int(r["start"])
            if para_of(st) == pa and prev_end <= st and int(r["end"]) <= cs_ and r["attribution"] != "author":
                if r["source_entity_id"] in srcs:
                    expected_c[cid] = ct["citation_id"]
                elif r["attribution"] == "reported" and any(
                        m["entity_id"] == ct["outlet_entity_id"] and st <= int(m["start"]) and int(m["end"]) <= int(r["end"])
                        for m in ments.values()):
                    expected_c[cid] = ct["citation_id"]
        for qid, q in quotes.items():
            st = int(q["start"])
            if para_of(st) == pa and prev_end <= st and int(q["end"]) <= cs_ and q["speaker_entity_id"] in srcs:
                expected_q[qid] = ct["citation_id"]
    for cid, r in claims.items():
        if r["citation_id"] != expected_c.get(cid, ""):
            problem("claim %s: citation_id %r, R7.4 gives %r" % (cid, r["citation_id"], expected_c.get(cid, "")))
    for qid, q in quotes.items():
        if q["citation_id"] != expected_q.get(qid, ""):
            problem("quote %s: citation_id %r, R7.4 gives %r" % (qid, q["citation_id"], expected_q.get(qid, "")))
    # every body sentence covered by a claim or quote (R6.1.1)
    spans = [(int(r["start"]), int(r["end"])) for r in claims.values()] + [(int(q["start"]), int(q["end"])) for q in quotes.values()]
    for s, e in sents:
        if not any(a < e and s < b for a, b in spans):
            problem("sentence not covered: %r" % TEXT[s:e][:60])
    return T


if __name__ == "__main__":
    built = build()
    for name, rows in zip(["entities", "mentions", "quotes", "claims", "claim_entities", "citations"], built):
        write(name, rows)
    T = check()
    for n in COLS:
        print("%-15s %d rows" % (n + ".csv", len(T[n])))
    if PROBLEMS:
        print("%d problem(s):" % len(PROBLEMS))
        for p in PROBLEMS:
            print("  -", p)
        sys.exit(1)
    print("check: OK - every span and cue matches the text, every ID reference resolves, no problems found.")
