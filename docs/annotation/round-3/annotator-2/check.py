#!/usr/bin/env python3
"""Annotation of document edm-4-191 (annotator 2).

Phase 1 (build): the annotation data below gives every span as text copied
from the document; offsets are computed by slicing/searching the text, IDs are
assigned in document order, and the six CSV files are written.
Phase 2 (check): the CSV files are read back from disk and every span, cue,
ID pattern, enum, foreign key and machine-checkable rule is verified.
Standard library only.
"""
import csv
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = "edm-4-191"
TEXT = open(os.path.join(HERE, "text.txt"), encoding="utf-8").read()

COLUMNS = {
    "entities": ["entity_id", "name", "type", "description", "country",
                 "ownership", "wikidata_id", "notes"],
    "mentions": ["mention_id", "document_id", "entity_id", "start", "end", "exact"],
    "quotes": ["quote_id", "document_id", "start", "end", "exact", "utterance_id",
               "speaker_entity_id", "cue", "kind", "citation_id"],
    "claims": ["claim_id", "document_id", "start", "end", "exact", "statement",
               "claim_type", "attribution", "source_entity_id", "source_mention_id",
               "cue", "cue_start", "cue_end", "certainty", "polarity", "quote_id",
               "citation_id", "event_date", "notes"],
    "claim_entities": ["claim_id", "entity_id", "role"],
    "citations": ["citation_id", "document_id", "start", "end", "exact",
                  "outlet_entity_id", "place_entity_id", "cited_date", "notes"],
}

# ---------------------------------------------------------------------------
# Annotation data
# ---------------------------------------------------------------------------
WD = "Wikidata ID not verified."
CNV = "Country not filled: the ISO code is a fact from outside the text and was not verified against a public source (not verified)."
OWN = "Ownership not verified against a public source, hence unknown (R3.9)."

# entity_id: (name, type, description, country, ownership, wikidata_id, notes)
ENTITIES = {
    "csto": ("Collective Security Treaty Organization", "organization",
             "Security organization of former Soviet states whose summit was held in Dushanbe (per the article).",
             "", "", "", "International organization: country empty (R3.6). " + WD),
    "central-asia": ("Central Asia", "place",
                     "Region whose states are discussed as CSTO members and partners of Western security cooperation (per the article).",
                     "", "", "", "Region: country empty (R3.6). " + WD),
    "eurasia-daily-monitor": ("Eurasia Daily Monitor", "media_outlet",
                              "Publication that published the document, volume 4, issue 191 (per the article).",
                              "", "unknown", "", CNV + " " + OWN + " " + WD),
    "soviet-union": ("Soviet Union", "country",
                     "Former state whose former territory is called the former Soviet region (per the article).",
                     "", "", "", "Former state (the text writes 'former Soviet region'): country empty (R3.6). " + WD),
    "sco": ("Shanghai Cooperation Organization", "organization",
            "Organization that signed a memorandum of understanding with the CSTO in Dushanbe (per the article).",
            "", "", "", "International organization: country empty (R3.6). " + WD),
    "dushanbe": ("Dushanbe", "place",
                 "City where the CSTO summit took place; the article also uses it for the Tajik government (per the article).",
                 "", "", "", CNV + " " + WD),
    "osce": ("Organization for Security and Cooperation in Europe", "organization",
             "Organization with which the CSTO will develop a multilateral relationship (per the article).",
             "", "", "", "International organization: country empty (R3.6). " + WD),
    "kazakhstan": ("Kazakhstan", "country",
                   "Central Asian state whose peacekeeping forces receive Western training assistance (per the article).",
                   "", "", "", CNV + " " + WD),
    "nursultan-nazarbayev": ("Nursultan Nazarbayev", "person",
                             "President of Kazakhstan (per the article).",
                             "", "", "", CNV + " " + WD),
    "avesta": ("Avesta", "media_outlet",
               "News source cited by the article (per the article).",
               "", "unknown", "", CNV + " " + OWN + " " + WD),
    "west": ("the West", "other",
             "Bloc of Western states named as a whole, opposed to Moscow in the article (per the article).",
             "", "", "", "Bloc of states: country empty (R3.6). The adjective 'Western' is annotated as a mention of this entity (R4.3). " + WD),
    "western-observers": ("Western observers", "group",
                          "Unnamed Western observers who suggest the CSTO has been a 'paper tiger' (per the article).",
                          "", "", "", "Group admitted as the source of claims (R3.3): country empty; no identifier applies."),
    "csto-dushanbe-summit": ("CSTO summit in Dushanbe", "event",
                             "Summit of the CSTO held in Dushanbe, at the end of which Emomali Rahmon decorated Vladimir Putin (per the article).",
                             "", "", "", CNV + " " + WD),
    "central-asian-governments": ("Central Asian governments", "group",
                                  "The governments of the Central Asian states (per the article).",
                                  "", "", "", "Group admitted as the source of a claim (R3.3): country empty; no identifier applies."),
    "kyrgyzstan": ("Kyrgyzstan", "country",
                   "State that took over the CSTO chairmanship in Dushanbe (per the article).",
                   "", "", "", CNV + " " + WD),
    "kurmanbek-bakiyev": ("Kurmanbek Bakiyev", "person",
                          "President of Kyrgyzstan and chairman of the CSTO during Kyrgyzstan's chairmanship (per the article).",
                          "", "", "", CNV + " " + WD),
    "tajik-tv-channel-1": ("Tajik TV Channel 1", "media_outlet",
                           "Television channel cited by the article (per the article).",
                           "", "unknown", "", CNV + " " + OWN + " " + WD),
    "tajikistan": ("Tajikistan", "country",
                   "Central Asian state that hosts Russia's biggest military base and the Nurek facility (per the article).",
                   "", "", "", CNV + " " + WD),
    "emomali-rahmon": ("Emomali Rahmon", "person",
                       "President of Tajikistan (per the article).",
                       "", "", "", CNV + " " + WD),
    "afghanistan": ("Afghanistan", "country",
                    "State bordering Tajikistan, named through the adjective 'Afghan' (per the article).",
                    "", "", "", CNV + " " + WD),
    "russia": ("Russia", "country",
               "State whose government the article often designates as Moscow (per the article).",
               "", "", "", CNV + " " + WD),
    "vladimir-putin": ("Vladimir Putin", "person",
                       "President of Russia (per the article).",
                       "", "", "", CNV + " " + WD),
    "order-of-ismoil-somoni": ("Order of Ismoil Somoni", "award",
                               "Order whose First Degree is the highest award in Tajikistan (per the article).",
                               "", "", "", CNV + " " + WD),
    "nikolai-makarov": ("Nikolai Makarov", "person",
                        "Russian Deputy Defense Minister and general (per the article).",
                        "", "", "", CNV + " " + WD),
    "nurek-facility": ("Nurek facility", "facility",
                       "Installation in Tajikistan where the Russian Space Troops' space-surveillance center is located (per the article).",
                       "", "", "", "Claims about 'the center' are linked to this facility, the center's location (per the article). " + CNV + " " + WD),
    "russian-space-troops": ("Russian Space Troops", "organization",
                             "Russian armed service that operates the space-surveillance center at the Nurek facility (per the article).",
                             "", "", "", CNV + " " + WD),
    "russian-ministry-of-defense": ("Russian Ministry of Defense", "organization",
                                    "Ministry on whose behalf the Nurek center monitors space (per the article).",
                                    "", "", "", CNV + " " + WD),
    "itar-tass": ("ITAR-TASS", "media_outlet",
                  "News agency cited by the article (per the article).",
                  "", "unknown", "", "The text writes 'Itar-Tass'. " + CNV + " " + OWN + " " + WD),
    "cis": ("Commonwealth of Independent States", "organization",
            "Grouping within which the CSTO could be used for conflict management and peacekeeping (per the article).",
            "", "", "", "International organization: country empty (R3.6). " + WD),
    "united-states": ("United States", "country",
                      "State whose government the article also designates as Washington (per the article).",
                      "", "", "", CNV + " " + WD),
    "nato": ("NATO", "organization",
             "Alliance whose members assist Kazakhstan's peacekeeping forces (per the article).",
             "", "", "", "International organization: country empty (R3.6). " + WD),
    "kapchagai": ("Kapchagai", "place",
                  "Place where Kazakhstan's airmobile forces are based (per the article).",
                  "", "", "", CNV + " " + WD),
    "nikolai-patrushev": ("Nikolai Patrushev", "person",
                          "Director of Russia's Security Service (FSB) (per the article).",
                          "", "", "", CNV + " " + WD),
    "fsb": ("Federal Security Service", "organization",
            "Russian security service directed by Nikolai Patrushev (per the article).",
            "", "", "", "The text writes 'Russia’s Security Service (FSB)'; the expanded English name was not checked against a public source (not verified). " + CNV + " " + WD),
    "argumenty-i-fakty": ("Argumenty i Fakty", "media_outlet",
                          "Moscow publication to which Nikolai Patrushev gave his statement (per the article).",
                          "", "unknown", "", "The text writes 'Argumenty i fakty'. " + CNV + " " + OWN + " " + WD),
    "united-kingdom": ("United Kingdom", "country",
                       "State designated in the article as the UK, Britain, British and London (per the article).",
                       "", "", "", CNV + " " + WD),
    "moscow": ("Moscow", "place",
               "City, used in the article mostly for the Russian government (per the article).",
               "", "", "", CNV + " " + WD),
    "london": ("London", "place",
               "City used in the article for the British government (per the article).",
               "", "", "", CNV + " " + WD),
    "alexander-lugovoi": ("Alexander Lugovoi", "person",
                          "Person whose extradition London requested for the murder of Alexander Litvinenko (per the article).",
                          "", "", "", "Name and ID keep the text's form 'Alexander Lugovoi'. The annotator believes the person is usually named Andrei Lugovoi, but no public source could be consulted in this study, so this correction is not verified (R8.3). " + CNV + " " + WD),
    "alexander-litvinenko": ("Alexander Litvinenko", "person",
                             "Former spy who was murdered (per the article).",
                             "", "", "", CNV + " " + WD),
    "litvinenko-murder": ("Murder of Alexander Litvinenko", "event",
                          "Killing of the former spy Alexander Litvinenko, for which London sought Alexander Lugovoi's extradition (per the article).",
                          "", "", "", CNV + " " + WD),
    "iran": ("Iran", "country",
             "State over which Russia and the United States disagree (per the article).",
             "", "", "", CNV + " " + WD),
    "washington": ("Washington", "place",
                   "City used in the article for the United States government (per the article).",
                   "", "", "", CNV + " " + WD),
    "bishkek": ("Bishkek", "place",
                "City used in the article for the Kyrgyz government (inferred from the article).",
                "", "", "", CNV + " " + WD),
    "western-analysts": ("Western analysts", "group",
                         "Unnamed Western analysts who interpret Russian intelligence rhetoric against London as a localized spat (per the article).",
                         "", "", "", "Group admitted as the source of a claim (R3.3): country empty; no identifier applies."),
    "war-on-terror": ("War on terror", "event",
                      "International campaign against terrorism in which an international coalition takes part (per the article).",
                      "", "", "", "Event spanning several states: country empty (R3.6). " + WD),
}

# Mentions in document order: (exact, entity_id). Located by a forward search
# from the start of the previous mention, on word boundaries.
MENTIONS = [
    # title
    ("CSTO", "csto"), ("CENTRAL ASIA", "central-asia"),
    # publication line
    ("Eurasia Daily Monitor", "eurasia-daily-monitor"),
    # P1
    ("Collective Security Treaty Organization", "csto"), ("CSTO", "csto"),
    ("Soviet", "soviet-union"),
    ("Shanghai Cooperation Organization", "sco"), ("SCO", "sco"),
    ("Dushanbe", "dushanbe"), ("CSTO", "csto"), ("SCO", "sco"),
    ("CSTO", "csto"),
    ("Organization for Security and Cooperation in Europe", "osce"), ("OSCE", "osce"),
    ("CSTO", "csto"), ("Kazakhstan", "kazakhstan"), ("Kazakh", "kazakhstan"),
    ("Nursultan Nazarbayev", "nursultan-nazarbayev"), ("OSCE", "osce"),
    ("Avesta", "avesta"),
    # P2
    ("Moscow", "moscow"), ("CSTO", "csto"), ("United States", "united-states"),
    ("Western", "west"), ("Central Asia", "central-asia"),
    ("CSTO", "csto"), ("Central Asia", "central-asia"),
    ("Western observers", "western-observers"), ("Western", "west"), ("CSTO", "csto"),
    ("CSTO summit in Dushanbe", "csto-dushanbe-summit"), ("CSTO", "csto"), ("Dushanbe", "dushanbe"),
    ("Central Asia’s governments", "central-asian-governments"), ("Central Asia", "central-asia"),
    ("CSTO", "csto"),
    # P3
    ("Dushanbe", "dushanbe"), ("Kyrgyzstan", "kyrgyzstan"), ("Kyrgyz", "kyrgyzstan"),
    ("Kurmanbek Bakiyev", "kurmanbek-bakiyev"), ("Central Asian", "central-asia"),
    ("Kyrgyzstan", "kyrgyzstan"), ("CSTO", "csto"),
    ("Tajik TV Channel 1", "tajik-tv-channel-1"),
    # P4
    ("Tajikistan", "tajikistan"), ("Emomali Rahmon", "emomali-rahmon"), ("CSTO", "csto"),
    ("Tajik", "tajikistan"), ("Afghan", "afghanistan"),
    ("Dushanbe", "dushanbe"), ("Tajikistan", "tajikistan"), ("Russia", "russia"),
    ("Rahmon", "emomali-rahmon"), ("CSTO", "csto"), ("Moscow", "moscow"),
    ("Russia", "russia"), ("Tajikistan", "tajikistan"), ("Russia", "russia"),
    ("Rahmon", "emomali-rahmon"), ("Russia", "russia"), ("Tajikistan", "tajikistan"),
    ("Rahmon", "emomali-rahmon"), ("Russian", "russia"), ("Vladimir Putin", "vladimir-putin"),
    ("Order of Ismoil Somoni", "order-of-ismoil-somoni"), ("Tajikistan", "tajikistan"),
    # P5
    ("Russian", "russia"), ("Nikolai Makarov", "nikolai-makarov"), ("Moscow", "moscow"),
    ("Nurek facility", "nurek-facility"), ("Tajikistan", "tajikistan"),
    ("Russian Space Troops", "russian-space-troops"), ("Makarov", "nikolai-makarov"),
    ("Russian Ministry of Defense", "russian-ministry-of-defense"), ("Itar-Tass", "itar-tass"),
    # P6
    ("CSTO", "csto"), ("Commonwealth of Independent States", "cis"),
    ("Western", "west"), ("Central Asian", "central-asia"),
    ("United States", "united-states"), ("NATO", "nato"),
    ("Kazakhstan", "kazakhstan"), ("Kazakhstan", "kazakhstan"), ("Kapchagai", "kapchagai"),
    ("CSTO", "csto"), ("Western", "west"), ("Central Asian", "central-asia"),
    ("Moscow", "moscow"), ("West", "west"),
    # P7
    ("Russian", "russia"), ("Nikolai Patrushev", "nikolai-patrushev"),
    ("Russia", "russia"), ("Security Service", "fsb"), ("FSB", "fsb"),
    ("Argumenty i fakty", "argumenty-i-fakty"), ("British", "united-kingdom"),
    ("Russia", "russia"), ("Russia", "russia"), ("UK", "united-kingdom"),
    ("Moscow", "moscow"), ("London", "london"), ("Alexander Lugovoi", "alexander-lugovoi"),
    ("murder of ex-spy Alexander Litvinenko", "litvinenko-murder"),
    ("Alexander Litvinenko", "alexander-litvinenko"),
    ("Russia", "russia"), ("United States", "united-states"), ("Iran", "iran"),
    ("U.S.", "united-states"), ("Western", "west"), ("Central Asia", "central-asia"),
    ("Argumenty i fakty", "argumenty-i-fakty"), ("Moscow", "moscow"),
    # P8
    ("London", "london"), ("Moscow", "moscow"), ("Western", "west"),
    ("Central Asian", "central-asia"), ("FSB", "fsb"),
    ("Kazakhstan", "kazakhstan"), ("Washington", "washington"), ("Moscow", "moscow"),
    ("Western", "west"), ("Central Asian", "central-asia"), ("CSTO", "csto"),
    ("Moscow", "moscow"), ("Washington", "washington"), ("CSTO", "csto"),
    ("CSTO", "csto"), ("Bishkek", "bishkek"), ("Dushanbe", "dushanbe"),
    # P9
    ("Western analysts", "western-analysts"), ("Western", "west"), ("Russian", "russia"),
    ("London", "london"), ("war on terror", "war-on-terror"),
    ("British", "united-kingdom"), ("Russian", "russia"), ("Central Asia", "central-asia"),
    ("Central Asia", "central-asia"), ("U.S.", "united-states"), ("Russia", "russia"),
    ("CSTO", "csto"), ("Britain", "united-kingdom"), ("Russia", "russia"),
    ("Washington", "washington"), ("Western", "west"), ("Central Asia", "central-asia"),
    ("Russia", "russia"), ("Central Asia", "central-asia"),
]

NOYEAR = ("the text gives '{d}' without a year and the document's publication date "
          "is not available to the annotator, so the {f} is left empty (R6.8.2, R7.3).")

# Citations: key -> (exact, outlet, place, cited_date, notes)
CITATIONS = {
    "avesta": ("(Avesta, October 9)", "avesta", "", "",
               "cited_date empty: " + NOYEAR.format(d="October 9", f="cited_date")),
    "tajiktv": ("(Tajik TV Channel 1, October 6)", "tajik-tv-channel-1", "", "",
                "cited_date empty: " + NOYEAR.format(d="October 6", f="cited_date")),
    "itartass": ("(Itar-Tass, October 6)", "itar-tass", "", "",
                 "cited_date empty: " + NOYEAR.format(d="October 6", f="cited_date")),
    "aif": ("(Argumenty i fakty, Moscow, October 10)", "argumenty-i-fakty", "moscow", "",
            "cited_date empty: " + NOYEAR.format(d="October 10", f="cited_date")),
}

# Quotes: key -> (exact, utterance key, speaker, cue, kind, citation key)
QUOTES = {
    "tiger": ("paper tiger,", "u-tiger", "western-observers", "suggest", "scare", ""),
    "bak1": ("During the period of its chairmanship,", "u-bak", "kurmanbek-bakiyev", "declared", "direct", "tajiktv"),
    "bak2": ("Kyrgyzstan will make every effort to increase the effectiveness of the CSTO’s activities and to strengthen regional security for the welfare and prosperity of our countries’ peoples",
             "u-bak", "kurmanbek-bakiyev", "declared", "direct", "tajiktv"),
    "rah1": ("Russia helps us a lot in strengthening our defense capability. Military and technical cooperation between Tajikistan and Russia is developing well,",
             "u-rah", "emomali-rahmon", "commented", "direct", ""),
    "rah2": ("You know that Russia’s biggest military base is in Tajikistan. This also means a lot. That is why all these events are very important for us.",
             "u-rah", "emomali-rahmon", "commented", "direct", ""),
    "mak": ("The center will be upgraded. In the near future considerable resources and funds will be directed here for that purpose,",
            "u-mak", "nikolai-makarov", "said", "direct", "itartass"),
    "spat": ("spat", "u-spat", "", "", "scare", ""),
}
# where a quote's exact occurs more than once: anchor string to search after
QUOTE_AFTER = {"spat": "The intelligence “"}


def C(exact, statement, ctype, ents, attr="author", source="", cue="", cert="certain",
      pol="positive", quote="", cit="", date="", notes="", after=None):
    return dict(exact=exact, statement=statement, claim_type=ctype, entities=ents,
                attribution=attr, source=source, cue=cue, certainty=cert, polarity=pol,
                quote=quote, citation=cit, event_date=date, notes=notes, after=after)


CLAIMS = [
    # ---- P1
    C("The Collective Security Treaty Organization (CSTO) has recently raised its profile by expanding its traditional emphasis on anti-terrorism to include potential peacekeeping activities within the former Soviet region",
      "The CSTO has recently raised its profile by expanding its traditional emphasis on anti-terrorism to include potential peacekeeping activities within the former Soviet region.",
      "event", [("csto", "subject"), ("soviet-union", "other")],
      notes="The means adjunct 'by expanding ...' stays inside this claim and gives no claim of its own (R6.1.9)."),
    C("its memorandum of understanding with the Shanghai Cooperation Organization (SCO), signed on October 6 in Dushanbe",
      "The CSTO and the SCO signed a memorandum of understanding on October 6 in Dushanbe.",
      "event", [("csto", "subject"), ("sco", "subject"), ("dushanbe", "place")],
      notes="Non-restrictive participial clause; span begins at its antecedent (R6.2.2). event_date empty: " + NOYEAR.format(d="October 6", f="event_date")),
    C("its memorandum of understanding with the Shanghai Cooperation Organization (SCO), signed on October 6 in Dushanbe, cements the cooperative element between the CSTO and the SCO",
      "The CSTO's memorandum of understanding with the SCO cements the cooperative element between the CSTO and the SCO.",
      "assessment", [("csto", "subject"), ("sco", "other")]),
    C("The CSTO will also develop its multilateral relationship with the Organization for Security and Cooperation in Europe (OSCE)",
      "The CSTO will also develop its multilateral relationship with the OSCE.",
      "forecast", [("csto", "subject"), ("osce", "object")], cit="avesta"),
    C("The CSTO will also develop its multilateral relationship with the Organization for Security and Cooperation in Europe (OSCE), making the CSTO a more appealing venue for Kazakhstan",
      "The CSTO's development of its relationship with the OSCE will make the CSTO a more appealing venue for Kazakhstan.",
      "assessment", [("csto", "subject"), ("osce", "other"), ("kazakhstan", "other")], cit="avesta",
      notes="Causal link expressed by 'making' (R6.1.8); span begins at the subject of the preceding clause (R6.2.2)."),
    C("The CSTO will also develop its multilateral relationship with the Organization for Security and Cooperation in Europe (OSCE), making the CSTO a more appealing venue for Kazakhstan, reflecting Kazakh President Nursultan Nazarbayev’s interest in the OSCE",
      "The CSTO becoming a more appealing venue for Kazakhstan through its relationship with the OSCE reflects Nursultan Nazarbayev's interest in the OSCE.",
      "assessment", [("csto", "subject"), ("osce", "other"), ("kazakhstan", "other"), ("nursultan-nazarbayev", "other")],
      cit="avesta",
      notes="Subject of 'reflecting' read as the preceding clauses; span begins at their first written subject (R6.2.2)."),
    C("Nursultan Nazarbayev’s interest in the OSCE",
      "Nursultan Nazarbayev is interested in the OSCE.",
      "state", [("nursultan-nazarbayev", "subject"), ("osce", "object")], cit="avesta",
      notes="Presupposition relied on as news (R6.1.3); the title 'Kazakh President' is left out of the span (R6.2.5)."),
    # ---- P2
    C("Moscow’s use of the CSTO as a tool to minimize the influence of the United States and other Western countries in Central Asia is well known",
      "It is well known that Russia uses the CSTO as a tool to minimize the influence of the United States and other Western countries in Central Asia.",
      "assessment", [("russia", "subject"), ("csto", "object"), ("united-states", "other"), ("west", "other"), ("central-asia", "other")],
      notes="'Moscow' is a metonym for the Russian government; linked as russia (R6.9.4). Typed assessment because it states a motive (R6.4.3)."),
    C("Reactions and interpretations of the CSTO within Central Asia have often been guarded",
      "Reactions to and interpretations of the CSTO within Central Asia have often been guarded.",
      "state", [("csto", "other"), ("central-asia", "other")]),
    C("many regional leaders have privately sympathized with criticisms made by Western observers",
      "Many Central Asian leaders have privately sympathized with the criticisms of the CSTO made by Western observers.",
      "state", [("central-asia", "other"), ("western-observers", "other"), ("csto", "other")],
      notes="Attitude ascribed by the author (R6.5.6); 'regional leaders' are not an entity (R3.3)."),
    C("Western observers who suggest that the CSTO has been a “paper tiger",
      "Western observers suggest that the CSTO has been a paper tiger.",
      "assessment", [("western-observers", "source"), ("csto", "subject")],
      attr="reported", source="western-observers", cue="suggest", cert="probable",
      notes="'suggest' is a verb of tentative assertion: probable (R6.7.6). Contains a scare quote, so reported, not quoted (R6.5.5)."),
    C("Western observers who suggest that the CSTO has been a “paper tiger,” producing a plethora of documents and agreements, but little substance",
      "Western observers suggest that the CSTO has produced a plethora of documents and agreements but little substance.",
      "assessment", [("western-observers", "source"), ("csto", "subject")],
      attr="reported", source="western-observers", cue="suggest", cert="probable",
      notes="The participial clause is read as part of the observers' suggestion; its subject is the CSTO (R6.2.2, R6.2.4)."),
    C("in the aftermath of the CSTO summit in Dushanbe the consensus has shifted",
      "In the aftermath of the CSTO summit in Dushanbe, the consensus in Central Asia on the CSTO has shifted.",
      "event", [("csto-dushanbe-summit", "other"), ("central-asia", "other"), ("csto", "other")],
      notes="Fronted time adjunct kept in the span (R6.2.6); 'consensus' resolved from the preceding sentences (inferred)."),
    C("Central Asia’s governments now see the CSTO as a potential venue to promote security in the region",
      "Central Asian governments now see the CSTO as a potential venue to promote security in Central Asia.",
      "assessment", [("central-asian-governments", "source"), ("csto", "subject"), ("central-asia", "other")],
      attr="reported", source="central-asian-governments", cue="see",
      notes="'see ... as' is a verb of opinion introducing a propositional content (R6.5.2); 'potential' lies inside a noun phrase and does not lower certainty (R6.7.6)."),
    # ---- P3
    C("in Dushanbe, the chairmanship of the body was handed to Kyrgyzstan",
      "In Dushanbe, the chairmanship of the CSTO was handed to Kyrgyzstan.",
      "event", [("csto", "other"), ("kyrgyzstan", "object"), ("dushanbe", "place")],
      notes="Fronted place adjunct kept in the span (R6.2.6); 'the body' resolved as the CSTO."),
    C("Kurmanbek Bakiyev vowed to use his tenure as chairman",
      "Kurmanbek Bakiyev vowed to use his tenure as CSTO chairman.",
      "forecast", [("kurmanbek-bakiyev", "source")],
      attr="reported", source="kurmanbek-bakiyev", cue="vowed", cit="tajiktv",
      notes="Infinitive and purpose adjunct with their own complements give separate claims (R6.1.7). Citation covers it under R7.4(b)."),
    C("Kurmanbek Bakiyev vowed to use his tenure as chairman to make the organization more effective in maintaining Central Asian security",
      "Kurmanbek Bakiyev vowed to make the CSTO more effective in maintaining Central Asian security.",
      "forecast", [("kurmanbek-bakiyev", "source"), ("csto", "object"), ("central-asia", "other")],
      attr="reported", source="kurmanbek-bakiyev", cue="vowed", cit="tajiktv",
      notes="Purpose adjunct stated as a separate claim (R6.1.7). Citation covers it under R7.4(b)."),
    C("Kyrgyzstan will make every effort to increase the effectiveness of the CSTO’s activities",
      "During its CSTO chairmanship, Kyrgyzstan will make every effort to increase the effectiveness of the CSTO's activities.",
      "forecast", [("kurmanbek-bakiyev", "source"), ("kyrgyzstan", "subject"), ("csto", "other")],
      attr="quoted", source="kurmanbek-bakiyev", cue="declared", quote="bak2", cit="tajiktv",
      notes="The time adjunct stands in the first quote part and is given in the statement only (R6.2.7)."),
    C("Kyrgyzstan will make every effort to increase the effectiveness of the CSTO’s activities and to strengthen regional security for the welfare and prosperity of our countries’ peoples",
      "During its CSTO chairmanship, Kyrgyzstan will make every effort to strengthen regional security for the welfare and prosperity of the peoples of the CSTO member countries.",
      "forecast", [("kurmanbek-bakiyev", "source"), ("kyrgyzstan", "subject"), ("csto", "other")],
      attr="quoted", source="kurmanbek-bakiyev", cue="declared", quote="bak2", cit="tajiktv",
      notes="Second coordinated infinitive with its own complement (R6.1.7); 'our countries' read as the CSTO member countries (inferred)."),
    # ---- P4
    C("Emomali Rahmon views the CSTO’s importance in terms of the security problems linked with the Tajik-Afghan border",
      "Emomali Rahmon views the CSTO's importance in terms of the security problems linked with the Tajik-Afghan border.",
      "assessment", [("emomali-rahmon", "source"), ("csto", "subject"), ("tajikistan", "other"), ("afghanistan", "other")],
      attr="reported", source="emomali-rahmon", cue="views",
      notes="'views' is a verb of opinion (R6.5.2); the title 'Tajikistan’s President' is left out of the span (R6.2.5)."),
    C("Counter-narcotics and counter-terrorism activities comprise a great deal of Dushanbe’s cooperative security arrangements",
      "Counter-narcotics and counter-terrorism activities make up a great deal of Tajikistan's cooperative security arrangements.",
      "state", [("tajikistan", "other")],
      notes="'Dushanbe' is a metonym for the Tajik government; linked as tajikistan (R6.9.4)."),
    C("he has arguably detached Tajikistan from a more overtly Russia-centered security dependence",
      "Emomali Rahmon has detached Tajikistan from a more overtly Russia-centered security dependence.",
      "assessment", [("emomali-rahmon", "subject"), ("tajikistan", "object"), ("russia", "other")],
      cert="probable",
      notes="'arguably' hedges the main predication; read as tentative assertion: probable (R6.7.3)."),
    C("Rahmon values both the CSTO and bilateral security cooperation with Moscow",
      "Emomali Rahmon values both the CSTO and bilateral security cooperation with Russia.",
      "state", [("emomali-rahmon", "subject"), ("csto", "object"), ("russia", "other")],
      notes="Attitude ascribed by the author (R6.5.6); coordinated objects of one predicate give one claim (R6.1.7)."),
    C("Russia helps us a lot in strengthening our defense capability",
      "Russia helps Tajikistan a lot in strengthening Tajikistan's defense capability.",
      "state", [("emomali-rahmon", "source"), ("russia", "subject"), ("tajikistan", "object")],
      attr="quoted", source="emomali-rahmon", cue="commented", quote="rah1"),
    C("Military and technical cooperation between Tajikistan and Russia is developing well",
      "Military and technical cooperation between Tajikistan and Russia is developing well.",
      "assessment", [("emomali-rahmon", "source"), ("tajikistan", "subject"), ("russia", "subject")],
      attr="quoted", source="emomali-rahmon", cue="commented", quote="rah1"),
    C("Russia’s biggest military base is in Tajikistan",
      "Russia's biggest military base is in Tajikistan.",
      "state", [("emomali-rahmon", "source"), ("russia", "subject"), ("tajikistan", "place")],
      attr="quoted", source="emomali-rahmon", cue="commented", quote="rah2",
      notes="'You know that' is factive: certain (R6.7.2)."),
    C("This also means a lot",
      "The presence of Russia's biggest military base in Tajikistan also means a lot.",
      "assessment", [("emomali-rahmon", "source"), ("russia", "other"), ("tajikistan", "other")],
      attr="quoted", source="emomali-rahmon", cue="commented", quote="rah2"),
    C("That is why all these events are very important for us",
      "Russia's help and military presence in Tajikistan are the reason why all these events of the CSTO summit in Dushanbe are very important for Tajikistan.",
      "assessment", [("emomali-rahmon", "source"), ("russia", "subject"), ("csto-dushanbe-summit", "other"), ("tajikistan", "other")],
      attr="quoted", source="emomali-rahmon", cue="commented", quote="rah2",
      notes="Explanatory link 'That is why' (R6.1.8); 'these events' read as the events of the summit (inferred)."),
    C("all these events are very important for us",
      "All these events of the CSTO summit in Dushanbe are very important for Tajikistan.",
      "assessment", [("emomali-rahmon", "source"), ("csto-dushanbe-summit", "subject"), ("tajikistan", "other")],
      attr="quoted", source="emomali-rahmon", cue="commented", quote="rah2",
      notes="Linked proposition asserted by the explanatory sentence (R6.1.8); 'these events' read as the events of the summit (inferred)."),
    C("At the end of the summit, Rahmon presented Russian President Vladimir Putin with the Order of Ismoil Somoni, First Degree",
      "At the end of the CSTO summit in Dushanbe, Emomali Rahmon presented Vladimir Putin with the Order of Ismoil Somoni, First Degree.",
      "event", [("emomali-rahmon", "subject"), ("vladimir-putin", "object"), ("order-of-ismoil-somoni", "object"), ("csto-dushanbe-summit", "other")],
      notes="Fronted time adjunct kept in the span (R6.2.6)."),
    C("the Order of Ismoil Somoni, First Degree, the highest award in Tajikistan",
      "The Order of Ismoil Somoni, First Degree, is the highest award in Tajikistan.",
      "state", [("order-of-ismoil-somoni", "subject"), ("tajikistan", "place")],
      notes="Non-restrictive appositive asserted by the author (R6.1.2)."),
    # ---- P5
    C("Nikolai Makarov confirmed Moscow’s plans to re-equip and enhance the Nurek facility in Tajikistan",
      "Nikolai Makarov confirmed that Russia plans to re-equip and enhance the Nurek facility in Tajikistan.",
      "forecast", [("nikolai-makarov", "source"), ("russia", "subject"), ("nurek-facility", "object"), ("tajikistan", "place")],
      attr="reported", source="nikolai-makarov", cue="confirmed", cit="itartass",
      notes="Titles 'Russian Deputy Defense Minister General' left out of the span (R6.2.5); coordinated verbs sharing one complement give one claim (R6.1.7). Citation covers it under R7.4(b)."),
    C("the Nurek facility in Tajikistan, the location of the Russian Space Troops’ space-surveillance center",
      "The Nurek facility in Tajikistan is the location of the Russian Space Troops' space-surveillance center.",
      "state", [("nurek-facility", "subject"), ("russian-space-troops", "other"), ("tajikistan", "place")],
      notes="Non-restrictive appositive in the author's voice (R6.1.2); not in the sentence closed by the citation, so no citation_id (R7.4)."),
    C("The center will be upgraded",
      "The space-surveillance center at the Nurek facility will be upgraded.",
      "forecast", [("nikolai-makarov", "source"), ("nurek-facility", "object")],
      attr="quoted", source="nikolai-makarov", cue="said", quote="mak", cit="itartass"),
    C("In the near future considerable resources and funds will be directed here for that purpose",
      "In the near future, considerable resources and funds will be directed to the space-surveillance center at the Nurek facility to upgrade it.",
      "forecast", [("nikolai-makarov", "source"), ("nurek-facility", "object")],
      attr="quoted", source="nikolai-makarov", cue="said", quote="mak", cit="itartass"),
    C("He described the center as unique",
      "Nikolai Makarov described the space-surveillance center at the Nurek facility as unique.",
      "assessment", [("nikolai-makarov", "source"), ("nurek-facility", "subject")],
      attr="reported", source="nikolai-makarov", cue="described", cit="itartass",
      notes="Source named by a pronoun; source_mention_id is the nearest earlier mention in the paragraph (R6.6.4)."),
    C("He described the center as unique, taking advantage of the local climate",
      "Nikolai Makarov described the space-surveillance center at the Nurek facility as taking advantage of the local climate.",
      "state", [("nikolai-makarov", "source"), ("nurek-facility", "subject")],
      attr="reported", source="nikolai-makarov", cue="described", cit="itartass"),
    C("He described the center as unique, taking advantage of the local climate and monitoring space for 300 days annually on behalf of the Russian Ministry of Defense, as well as for civilian purposes such as tracking satellites",
      "Nikolai Makarov described the space-surveillance center at the Nurek facility as monitoring space for 300 days annually on behalf of the Russian Ministry of Defense as well as for civilian purposes such as tracking satellites.",
      "state", [("nikolai-makarov", "source"), ("nurek-facility", "subject"), ("russian-ministry-of-defense", "other")],
      attr="reported", source="nikolai-makarov", cue="described", cit="itartass",
      notes="Coordinated verb phrase with its own complement, separate from 'taking advantage' (R6.1.7)."),
    # ---- P6
    C("The practical aspects of using the CSTO for conflict management and peacekeeping within the Commonwealth of Independent States, pose genuine challenges for Western defense engagement with Central Asian countries",
      "The practical aspects of using the CSTO for conflict management and peacekeeping within the Commonwealth of Independent States pose genuine challenges for Western defense engagement with Central Asian countries.",
      "assessment", [("csto", "other"), ("cis", "other"), ("west", "other"), ("central-asia", "other")]),
    C("The United States and many of its allies in NATO are actively assisting in training and developing interoperability with Kazakhstan’s peacekeeping forces",
      "The United States and many of its NATO allies are actively assisting in training, and developing interoperability with, Kazakhstan's peacekeeping forces.",
      "state", [("united-states", "subject"), ("nato", "other"), ("kazakhstan", "other")],
      notes="'training and developing interoperability with' read as coordinated verbs sharing one complement: one claim (R6.1.7)."),
    C("These forces are drawn from Kazakhstan’s airmobile forces",
      "Kazakhstan's peacekeeping forces are drawn from Kazakhstan's airmobile forces.",
      "state", [("kazakhstan", "subject")]),
    C("Kazakhstan’s airmobile forces, based in Kapchagai",
      "Kazakhstan's airmobile forces are based in Kapchagai.",
      "state", [("kazakhstan", "subject"), ("kapchagai", "place")],
      notes="Non-restrictive participial clause; span begins at its antecedent (R6.2.2)."),
    C("The CSTO’s declaration of interest in peacekeeping activities",
      "The CSTO has declared an interest in peacekeeping activities.",
      "event", [("csto", "subject")],
      notes="Presupposition relied on as news (R6.1.3)."),
    C("The CSTO’s declaration of interest in peacekeeping activities opens the prospect of Western security assistance to key formations in Central Asian militaries",
      "The CSTO's declaration of interest in peacekeeping activities opens the prospect of Western security assistance to key formations in Central Asian militaries.",
      "assessment", [("csto", "subject"), ("west", "other"), ("central-asia", "other")],
      notes="Main predication is itself modal ('opens the prospect'): certain (R6.7.6)."),
    C("The CSTO’s declaration of interest in peacekeeping activities opens the prospect of Western security assistance to key formations in Central Asian militaries raising the possibility of competition and conflicting interests",
      "The CSTO's declaration of interest in peacekeeping activities raises the possibility of competition and conflicting interests.",
      "assessment", [("csto", "subject")],
      notes="Subject of 'raising' read as the main clause (the declaration), which the meaning requires (R6.2.2); modal main predication: certain (R6.7.6)."),
    C("The CSTO’s declaration of interest in peacekeeping activities opens the prospect of Western security assistance to key formations in Central Asian militaries raising the possibility of competition and conflicting interests, pulling these forces between Moscow and the West",
      "The CSTO's declaration of interest in peacekeeping activities pulls key formations of Central Asian militaries between Russia and the West.",
      "assessment", [("csto", "subject"), ("central-asia", "other"), ("russia", "other"), ("west", "other")],
      notes="Subject of 'pulling' read as the main clause, as for 'raising'; span begins at the first written subject (R6.2.2). 'Moscow' linked as russia (R6.9.4)."),
    # ---- P7
    C("Of course, muddying the waters in these areas serves assertive Russian foreign policy interests",
      "Muddying the waters in the areas of conflict management and peacekeeping in Central Asia serves assertive Russian foreign policy interests.",
      "assessment", [("russia", "other"), ("central-asia", "other")],
      notes="Gerund subject with no earlier written subject: span begins at the start of the sentence, sentence adverbial included (R6.2.3); 'Of course' expresses full commitment. 'these areas' resolved from the preceding paragraph (inferred)."),
    C("Nikolai Patrushev, director of Russia’s Security Service (FSB), told Argumenty i fakty that British intelligence is actively seeking to dismember Russia",
      "Nikolai Patrushev told Argumenty i fakty that British intelligence is actively seeking to dismember Russia.",
      "assessment", [("nikolai-patrushev", "source"), ("united-kingdom", "subject"), ("russia", "object"), ("argumenty-i-fakty", "other")],
      attr="reported", source="nikolai-patrushev", cue="told", cit="aif",
      notes="Claim about an aim ('seeking to'), typed assessment (R6.4.3). Statement made on October 10 (per the article); event_date empty because the reported content has no date (R6.8.2). Addressee linked as other. Citation covers it under R7.4(c)."),
    C("This comes in the context of the breakdown of Russia-UK counter-terrorist cooperation",
      "Nikolai Patrushev's statement comes in the context of the breakdown of Russia-UK counter-terrorist cooperation.",
      "assessment", [("nikolai-patrushev", "subject"), ("russia", "other"), ("united-kingdom", "other")]),
    C("the breakdown of Russia-UK counter-terrorist cooperation",
      "Russia-UK counter-terrorist cooperation has broken down.",
      "event", [("russia", "subject"), ("united-kingdom", "subject")],
      notes="Presupposition relied on as news (R6.1.3)."),
    C("the breakdown of Russia-UK counter-terrorist cooperation as a consequence of the fallout from Moscow’s decision to bloc London’s request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko",
      "The breakdown of Russia-UK counter-terrorist cooperation is a consequence of the fallout from Russia's decision to block the United Kingdom's request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko.",
      "assessment", [("russia", "subject"), ("united-kingdom", "subject"), ("alexander-lugovoi", "other"), ("litvinenko-murder", "other")],
      notes="Causal link 'as a consequence of' (R6.1.8). Typo in the span: 'bloc' for 'block' (R6.8.3). 'Moscow' and 'London' linked as russia and united-kingdom (R6.9.4)."),
    C("Moscow’s decision to bloc London’s request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko",
      "Russia decided to block the United Kingdom's request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko.",
      "event", [("russia", "subject"), ("united-kingdom", "other"), ("alexander-lugovoi", "other"), ("litvinenko-murder", "other")],
      notes="Presupposition relied on as news (R6.1.3). Typo in the span: 'bloc' for 'block' (R6.8.3)."),
    C("London’s request to extradite Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko",
      "The United Kingdom requested the extradition of Alexander Lugovoi for the murder of ex-spy Alexander Litvinenko.",
      "event", [("united-kingdom", "subject"), ("alexander-lugovoi", "object"), ("litvinenko-murder", "other")],
      notes="Presupposition relied on as news (R6.1.3). 'Alexander Lugovoi' kept as written (R6.3.2); see the entity's notes."),
    C("a host of disagreements between Russia and the United States, particularly over Iran and U.S. missile defense plans",
      "There are a host of disagreements between Russia and the United States, particularly over Iran and U.S. missile defense plans.",
      "state", [("russia", "subject"), ("united-states", "subject"), ("iran", "other")], cit="aif",
      notes="Presupposition relied on as news (R6.1.3)."),
    C("a host of disagreements between Russia and the United States, particularly over Iran and U.S. missile defense plans, signals difficult times in promoting strengthened Western security ties with Central Asia",
      "The host of disagreements between Russia and the United States signals difficult times in promoting strengthened Western security ties with Central Asia.",
      "assessment", [("russia", "subject"), ("united-states", "subject"), ("west", "other"), ("central-asia", "other")], cit="aif",
      notes="Evidential main predication ('signals'): certain (R6.7.6)."),
    # ---- P8
    C("Currently no counter-terrorist cooperation exists between London and Moscow",
      "Counter-terrorist cooperation currently exists between the United Kingdom and Russia.",
      "state", [("united-kingdom", "subject"), ("russia", "subject")], pol="negative",
      notes="Negated proposition stated, polarity records the negation (R6.7.7); metonyms linked as the states (R6.9.4)."),
    C("Currently no counter-terrorist cooperation exists between London and Moscow, which will have wider implications for Western efforts to engage the Central Asian states",
      "The absence of counter-terrorist cooperation between the United Kingdom and Russia will have wider implications for Western efforts to engage the Central Asian states.",
      "assessment", [("united-kingdom", "subject"), ("russia", "subject"), ("west", "other"), ("central-asia", "other")],
      notes="Relative clause whose antecedent is the preceding clause; span begins where that clause begins (R6.2.2). Future implication typed assessment (R6.4.5)."),
    C("International intelligence cooperation dynamics are driven, to a greater or lesser degree, by a country’s links with and close reliance on the FSB",
      "International intelligence cooperation dynamics are driven, to a greater or lesser degree, by a country's links with and close reliance on the FSB.",
      "assessment", [("fsb", "other")],
      notes="Causal verb 'driven by' (R6.1.8); 'to a greater or lesser degree' limits scope, not certainty (R6.7.6)."),
    C("Kazakhstan will not risk damaging its relationship with Washington by making too many bilateral security ties with Moscow",
      "Kazakhstan will risk damaging its relationship with the United States by making too many bilateral security ties with Russia.",
      "forecast", [("kazakhstan", "subject"), ("united-states", "other"), ("russia", "other")], pol="negative",
      notes="Negated proposition stated, polarity records the negation (R6.7.7); means adjunct kept inside (R6.1.9)."),
    C("too many bilateral security ties with Moscow, which could imply reservations about Western security policies",
      "Too many bilateral security ties between Kazakhstan and Russia could imply reservations about Western security policies.",
      "assessment", [("kazakhstan", "subject"), ("russia", "subject"), ("west", "other")], cert="possible",
      notes="Antecedent of 'which': 'Moscow' is excluded by meaning; the ties and the gerund clause both remain, so the nearest noun phrase is taken (R6.2.2). 'could' gives possible (R6.7.4)."),
    C("each Central Asian CSTO member can draw closer to Moscow without it appearing as a criticism of Washington by doing so through the CSTO",
      "Each Central Asian CSTO member can draw closer to Russia, without this appearing as a criticism of the United States, by doing so through the CSTO.",
      "assessment", [("central-asia", "other"), ("russia", "object"), ("united-states", "other"), ("csto", "other")], cert="possible",
      notes="Modal 'can' governs the main predicate: possible (R6.7.4); typed assessment as a claim that the CSTO route makes an outcome possible (R6.4.5)."),
    C("This partly explains the sudden explosion of interest in pushing the practical elements of the CSTO coming from Bishkek and Dushanbe",
      "The possibility of drawing closer to Russia through the CSTO without appearing to criticize the United States partly explains the sudden explosion of interest from Kyrgyzstan and Tajikistan in pushing the practical elements of the CSTO.",
      "assessment", [("russia", "other"), ("united-states", "other"), ("csto", "other"), ("kyrgyzstan", "other"), ("tajikistan", "other")],
      notes="Explanatory verb 'explains' (R6.1.8); 'partly' limits scope, not certainty (R6.7.6). 'Bishkek' and 'Dushanbe' linked as the states (R6.9.4)."),
    C("the sudden explosion of interest in pushing the practical elements of the CSTO coming from Bishkek and Dushanbe",
      "Kyrgyzstan and Tajikistan have shown a sudden explosion of interest in pushing the practical elements of the CSTO.",
      "event", [("kyrgyzstan", "subject"), ("tajikistan", "subject"), ("csto", "other")],
      notes="Presupposition relied on as news (R6.1.3); metonyms linked as the states (R6.9.4)."),
    # ---- P9
    C("Western analysts have interpreted the rhetoric from Russian intelligence aimed at London as a purely localized spat",
      "Western analysts have interpreted the rhetoric from Russian intelligence aimed at the United Kingdom as a purely localized spat.",
      "assessment", [("western-analysts", "source"), ("russia", "subject"), ("united-kingdom", "other")],
      attr="reported", source="western-analysts", cue="interpreted",
      notes="'interpreted ... as' is a verb of judgement (R6.5.2); 'London' linked as united-kingdom (R6.9.4)."),
    C("This view ignores the damage to the international coalition in the war on terror",
      "The Western analysts' view that the rhetoric is a purely localized spat ignores the damage to the international coalition in the war on terror.",
      "assessment", [("western-analysts", "subject"), ("war-on-terror", "other")]),
    C("This view ignores the damage to the international coalition in the war on terror, because the British-Russian standoff also affects security policymaking in Central Asia",
      "The British-Russian standoff's effect on security policymaking in Central Asia is the reason why the Western analysts' view ignores damage to the international coalition in the war on terror.",
      "assessment", [("united-kingdom", "subject"), ("russia", "subject"), ("western-analysts", "other"), ("war-on-terror", "other"), ("central-asia", "other")],
      notes="Causal connective 'because' (R6.1.8)."),
    C("the British-Russian standoff also affects security policymaking in Central Asia",
      "The British-Russian standoff also affects security policymaking in Central Asia.",
      "assessment", [("united-kingdom", "subject"), ("russia", "subject"), ("central-asia", "other")]),
    C("For governments in Central Asia fearing the consequence of deteriorating U.S.-Russia relations, the CSTO is a safe method of conducting security cooperation",
      "For Central Asian governments fearing the consequences of deteriorating U.S.-Russia relations, the CSTO is a safe method of conducting security cooperation.",
      "assessment", [("csto", "subject"), ("central-asia", "other"), ("united-states", "other"), ("russia", "other")],
      notes="The fronted 'For ...' phrase is an argument of the proposition and is kept in the span; the restrictive participle 'fearing ...' is not a claim (R6.1.6)."),
    C("The intelligence “spat” between Britain and Russia does not appear to serve Washington’s security interests",
      "The intelligence spat between Britain and Russia serves the United States' security interests.",
      "assessment", [("united-kingdom", "subject"), ("russia", "subject"), ("united-states", "other")],
      cert="probable", pol="negative",
      notes="'appear' is a predicate of appearance: probable (R6.7.3); negated proposition stated, polarity records the negation (R6.7.7). Contains a scare quote: author claim (R6.5.5)."),
    C("nor does it facilitate Western engagement in Central Asia",
      "The intelligence spat between Britain and Russia facilitates Western engagement in Central Asia.",
      "assessment", [("united-kingdom", "subject"), ("russia", "subject"), ("west", "other"), ("central-asia", "other")],
      pol="negative",
      notes="Span begins with the inverting word 'nor' (R6.2.1); negated proposition stated (R6.7.7)."),
    C("it has sent a fractious fault line through the coalition against international terrorism",
      "The intelligence spat between Britain and Russia has sent a fractious fault line through the coalition against international terrorism.",
      "assessment", [("united-kingdom", "subject"), ("russia", "subject")]),
    C("a fractious fault line through the coalition against international terrorism, which runs deep through Russia’s partners in Central Asia",
      "The fractious fault line through the coalition against international terrorism runs deep through Russia's partners in Central Asia.",
      "assessment", [("russia", "other"), ("central-asia", "other")],
      notes="Antecedent of 'which' read as the fault line, which the meaning requires (R6.2.2)."),
]

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------
PROBLEMS = []


def problem(msg):
    PROBLEMS.append(msg)


def is_word(ch):
    return ch.isalnum()


def find_word(exact, start):
    pos = TEXT.find(exact, start)
    while pos != -1:
        before = TEXT[pos - 1] if pos > 0 else " "
        after = TEXT[pos + len(exact)] if pos + len(exact) < len(TEXT) else " "
        if not (is_word(exact[0]) and is_word(before)) and not (is_word(exact[-1]) and is_word(after)):
            return pos
        pos = TEXT.find(exact, pos + 1)
    return -1


def unique(s):
    n = TEXT.count(s)
    if n != 1:
        raise SystemExit(f"anchor not unique ({n}): {s!r}")
    return TEXT.index(s)


def locate(exact, after=None):
    if after:
        base = unique(after)
        pos = TEXT.find(exact, base)
        if pos == -1:
            raise SystemExit(f"not found after anchor: {exact!r}")
        return pos
    return unique(exact)


PARA_BOUNDS = []
_p = 0
for _para in TEXT.split("\n\n"):
    PARA_BOUNDS.append((_p, _p + len(_para)))
    _p += len(_para) + 2


def para_of(pos):
    for i, (a, b) in enumerate(PARA_BOUNDS):
        if a <= pos <= b:
            return i
    return -1


def build():
    # mentions
    ments = []
    used = set()
    cursor = 0
    for exact, eid in MENTIONS:
        pos = find_word(exact, cursor)
        while pos != -1 and (pos, exact) in used:
            pos = find_word(exact, pos + 1)
        if pos == -1:
            raise SystemExit(f"mention not found: {exact!r} after {cursor}")
        used.add((pos, exact))
        ments.append(dict(entity_id=eid, start=pos, end=pos + len(exact), exact=exact))
        cursor = pos
    ments.sort(key=lambda m: (m["start"], -m["end"]))
    for i, m in enumerate(ments, 1):
        m["mention_id"] = f"MN-{i:04d}"

    # citations
    cits = {}
    for key, (exact, outlet, place, date, notes) in CITATIONS.items():
        pos = locate(exact)
        cits[key] = dict(start=pos, end=pos + len(exact), exact=exact, outlet_entity_id=outlet,
                         place_entity_id=place, cited_date=date, notes=notes)
    for i, key in enumerate(sorted(cits, key=lambda k: cits[k]["start"]), 1):
        cits[key]["citation_id"] = f"CT-{i:04d}"

    # quotes
    quotes = {}
    for key, (exact, utt, spk, cue, kind, cit) in QUOTES.items():
        pos = locate(exact, QUOTE_AFTER.get(key))
        quotes[key] = dict(start=pos, end=pos + len(exact), exact=exact, utt=utt,
                           speaker_entity_id=spk, cue=cue, kind=kind,
                           citation_id=cits[cit]["citation_id"] if cit else "")
    qorder = sorted(quotes, key=lambda k: quotes[k]["start"])
    utt_ids = {}
    for i, key in enumerate(qorder, 1):
        quotes[key]["quote_id"] = f"QT-{i:04d}"
        u = quotes[key]["utt"]
        if u not in utt_ids:
            utt_ids[u] = f"UT-{len(utt_ids) + 1:04d}"
        quotes[key]["utterance_id"] = utt_ids[u]

    # claims
    claims = []
    for c in CLAIMS:
        pos = locate(c["exact"], c["after"])
        row = dict(c)
        row["start"], row["end"] = pos, pos + len(c["exact"])
        row["cue_start"] = row["cue_end"] = ""
        row["source_mention_id"] = ""
        if c["attribution"] == "reported":
            cp = TEXT.find(c["cue"], row["start"], row["end"])
            if cp == -1:
                raise SystemExit(f"cue not in span: {c['cue']!r} / {c['exact'][:40]!r}")
            row["cue_start"], row["cue_end"] = cp, cp + len(c["cue"])
        elif c["attribution"] == "quoted":
            q = quotes[c["quote"]]
            first = min((quotes[k] for k in quotes if quotes[k]["utt"] == q["utt"]), key=lambda x: x["start"])
            cp = find_word(c["cue"], first["start"])
            row["cue_start"], row["cue_end"] = cp, cp + len(c["cue"])
        if c["attribution"] != "author":
            row["source_mention_id"] = source_mention(ments, c["source"], row)
        claims.append(row)
    claims.sort(key=lambda r: (r["start"], r["end"]))
    for i, r in enumerate(claims, 1):
        r["claim_id"] = f"CL-{i:04d}"
    return ments, cits, quotes, claims


def source_mention(ments, eid, row):
    """R6.6.4 in machine terms."""
    cs = row["cue_start"]
    p = para_of(cs)
    cands = [m for m in ments if m["entity_id"] == eid and para_of(m["start"]) == p and m["end"] <= cs]
    if cands:
        return max(cands, key=lambda m: (m["end"], m["start"]))["mention_id"]
    cands = [m for m in ments if m["entity_id"] == eid and m["start"] >= row["cue_end"]
             and m["end"] <= row["end"]]
    if cands:
        return min(cands, key=lambda m: m["start"])["mention_id"]
    return ""


def write_csv(name, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS[name])
    for r in rows:
        w.writerow(["" if r.get(k) is None else r.get(k, "") for k in COLUMNS[name]])
    with open(os.path.join(HERE, name + ".csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def write_all():
    ments, cits, quotes, claims = build()
    first_seen = {}
    for m in ments:
        first_seen.setdefault(m["entity_id"], m["start"])
    ent_rows = []
    for eid in sorted(ENTITIES, key=lambda e: first_seen.get(e, 10 ** 9)):
        name, typ, desc, country, own, wd, notes = ENTITIES[eid]
        ent_rows.append(dict(entity_id=eid, name=name, type=typ, description=desc, country=country,
                             ownership=own, wikidata_id=wd, notes=notes))
    write_csv("entities", ent_rows)
    write_csv("mentions", [dict(m, document_id=DOC) for m in ments])
    write_csv("quotes", [dict(quotes[k], document_id=DOC) for k in sorted(quotes, key=lambda k: quotes[k]["start"])])
    write_csv("citations", [dict(cits[k], document_id=DOC) for k in sorted(cits, key=lambda k: cits[k]["start"])])
    crow, cerows = [], []
    for r in claims:
        crow.append(dict(claim_id=r["claim_id"], document_id=DOC, start=r["start"], end=r["end"],
                         exact=r["exact"], statement=r["statement"], claim_type=r["claim_type"],
                         attribution=r["attribution"],
                         source_entity_id=r["source"] if r["attribution"] != "author" else "",
                         source_mention_id=r["source_mention_id"],
                         cue=r["cue"] if r["attribution"] != "author" else "",
                         cue_start=r["cue_start"], cue_end=r["cue_end"], certainty=r["certainty"],
                         polarity=r["polarity"],
                         quote_id=quotes[r["quote"]]["quote_id"] if r["quote"] else "",
                         citation_id=cits[r["citation"]]["citation_id"] if r["citation"] else "",
                         event_date=r["event_date"], notes=r["notes"]))
        for eid, role in r["entities"]:
            cerows.append(dict(claim_id=r["claim_id"], entity_id=eid, role=role))
    write_csv("claims", crow)
    write_csv("claim_entities", cerows)


# ---------------------------------------------------------------------------
# Check (reads the CSV files back from disk)
# ---------------------------------------------------------------------------
ENUMS = {
    ("entities", "type"): {"person", "organization", "media_outlet", "country", "place", "facility",
                           "group", "event", "award", "other"},
    ("entities", "ownership"): {"", "state", "public", "private", "unknown"},
    ("quotes", "kind"): {"direct", "scare"},
    ("claims", "claim_type"): {"event", "state", "assessment", "forecast"},
    ("claims", "attribution"): {"author", "reported", "quoted"},
    ("claims", "certainty"): {"certain", "probable", "possible", "underspecified"},
    ("claims", "polarity"): {"positive", "negative"},
    ("claim_entities", "role"): {"subject", "object", "place", "other", "source"},
}
PATTERNS = {
    "entity_id": r"^[a-z0-9]+(-[a-z0-9]+)*$", "document_id": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "mention_id": r"^MN-[0-9]{4,}$", "quote_id": r"^QT-[0-9]{4,}$", "utterance_id": r"^UT-[0-9]{4,}$",
    "claim_id": r"^CL-[0-9]{4,}$", "citation_id": r"^CT-[0-9]{4,}$",
    "source_entity_id": r"^[a-z0-9]+(-[a-z0-9]+)*$", "speaker_entity_id": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "outlet_entity_id": r"^[a-z0-9]+(-[a-z0-9]+)*$", "place_entity_id": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "source_mention_id": r"^MN-[0-9]{4,}$", "country": r"^[A-Z]{3}$", "wikidata_id": r"^Q[1-9][0-9]*$",
    "cited_date": r"^\d{4}-\d{2}-\d{2}$", "event_date": r"^\d{4}-\d{2}-\d{2}$",
}
REQUIRED = {
    "entities": ["entity_id", "name", "type"],
    "mentions": COLUMNS["mentions"],
    "quotes": ["quote_id", "document_id", "start", "end", "exact", "utterance_id", "kind"],
    "claims": ["claim_id", "document_id", "start", "end", "exact", "statement", "claim_type",
               "attribution", "certainty", "polarity"],
    "claim_entities": COLUMNS["claim_entities"],
    "citations": ["citation_id", "document_id", "start", "end", "exact", "outlet_entity_id"],
}


def read(name):
    path = os.path.join(HERE, name + ".csv")
    raw = open(path, "rb").read()
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        problem(f"{name}: not UTF-8")
        s = raw.decode("utf-8", "replace")
    if "\r" in s:
        problem(f"{name}: CR characters found (need LF line endings)")
    if raw.startswith(b"\xef\xbb\xbf"):
        problem(f"{name}: BOM found")
    rows = list(csv.reader(io.StringIO(s, newline="")))
    if rows[0] != COLUMNS[name]:
        problem(f"{name}: header {rows[0]} != {COLUMNS[name]}")
    out = []
    for i, r in enumerate(rows[1:], 2):
        if len(r) != len(COLUMNS[name]):
            problem(f"{name}:{i}: {len(r)} fields")
        out.append(dict(zip(rows[0], r)))
    return out


def check_span(tab, r, key):
    try:
        s, e = int(r["start"]), int(r["end"])
    except ValueError:
        problem(f"{tab} {r[key]}: bad offsets")
        return
    if not (0 <= s < e <= len(TEXT)):
        problem(f"{tab} {r[key]}: offsets out of range")
    if TEXT[s:e] != r["exact"]:
        problem(f"{tab} {r[key]}: text[{s}:{e}]={TEXT[s:e]!r} != exact {r['exact']!r}")
    if r["exact"] != r["exact"].strip():
        problem(f"{tab} {r[key]}: span begins or ends with white space (R1.3)")


def check():
    T = {n: read(n) for n in COLUMNS}
    # required, patterns, enums, unique keys
    for n, rows in T.items():
        for r in rows:
            for k in REQUIRED[n]:
                if r.get(k, "") == "":
                    problem(f"{n}: required {k} empty in {r}")
            for k, v in r.items():
                if v and k in PATTERNS and not re.match(PATTERNS[k], v):
                    problem(f"{n}: {k}={v!r} does not match pattern")
                if (n, k) in ENUMS and v not in ENUMS[(n, k)]:
                    problem(f"{n}: {k}={v!r} not in enum")
            if "document_id" in r and r["document_id"] != DOC:
                problem(f"{n}: document_id {r['document_id']}")
    for n, key in [("entities", "entity_id"), ("mentions", "mention_id"), ("quotes", "quote_id"),
                   ("claims", "claim_id"), ("citations", "citation_id")]:
        ids = [r[key] for r in T[n]]
        if len(ids) != len(set(ids)):
            problem(f"{n}: duplicate {key}")
    pairs = [(r["claim_id"], r["entity_id"]) for r in T["claim_entities"]]
    if len(pairs) != len(set(pairs)):
        problem("claim_entities: duplicate (claim_id, entity_id)")

    ents = {r["entity_id"]: r for r in T["entities"]}
    ments = {r["mention_id"]: r for r in T["mentions"]}
    quotes = {r["quote_id"]: r for r in T["quotes"]}
    claims = {r["claim_id"]: r for r in T["claims"]}
    cits = {r["citation_id"]: r for r in T["citations"]}

    # spans
    for n, key in [("mentions", "mention_id"), ("quotes", "quote_id"), ("claims", "claim_id"),
                   ("citations", "citation_id")]:
        for r in T[n]:
            check_span(n, r, key)

    # IDs in document order, numbered from 0001 without gaps
    for n, key, pre in [("mentions", "mention_id", "MN-"), ("quotes", "quote_id", "QT-"),
                        ("claims", "claim_id", "CL-"), ("citations", "citation_id", "CT-")]:
        rows = T[n]
        nums = [int(r[key][3:]) for r in rows]
        if nums != list(range(1, len(rows) + 1)):
            problem(f"{n}: IDs not consecutive from 0001 in file order")
        keyf = (lambda r: (int(r["start"]), -int(r["end"]))) if n == "mentions" else \
               (lambda r: (int(r["start"]), int(r["end"])))
        if [r[key] for r in sorted(rows, key=keyf)] != [r[key] for r in rows]:
            problem(f"{n}: IDs do not follow document order")
    utts = []
    for r in T["quotes"]:
        if r["utterance_id"] not in utts:
            utts.append(r["utterance_id"])
    if utts != [f"UT-{i:04d}" for i in range(1, len(utts) + 1)]:
        problem("quotes: utterance IDs do not follow document order")

    # entities
    mentioned = {m["entity_id"] for m in T["mentions"]}
    for eid, e in ents.items():
        if eid not in mentioned:
            problem(f"entity {eid} has no mention (R3.1)")
        if e["type"] == "media_outlet" and not e["ownership"]:
            problem(f"entity {eid}: media_outlet without ownership (R3.9)")
        if e["type"] != "media_outlet" and e["ownership"]:
            problem(f"entity {eid}: ownership on a non-outlet (R3.9)")
        if e["wikidata_id"] == "" and "not verified" not in e["notes"] and "no identifier applies" not in e["notes"]:
            problem(f"entity {eid}: empty wikidata_id without note (R3.7)")
        if e["description"] and not e["description"].endswith(".") and not e["description"].endswith(")"):
            problem(f"entity {eid}: description not a sentence")
    groups_as_source = {c["source_entity_id"] for c in T["claims"]} | {q["speaker_entity_id"] for q in T["quotes"]}
    for eid, e in ents.items():
        if e["type"] == "group" and eid not in groups_as_source:
            problem(f"group {eid} is neither a claim source nor a speaker (R3.3)")
    # mentions
    seen = set()
    for m in T["mentions"]:
        if m["entity_id"] not in ents:
            problem(f"mention {m['mention_id']}: unknown entity {m['entity_id']}")
        k = (m["entity_id"], m["start"], m["end"])
        if k in seen:
            problem(f"mention {m['mention_id']}: duplicate span for the same entity (R1.4)")
        seen.add(k)
        if m["exact"].lower().startswith("the "):
            problem(f"mention {m['mention_id']}: begins with an article (R4.2)")
        if m["exact"].endswith("’s") or m["exact"].endswith("'s"):
            if ents.get(m["entity_id"], {}).get("type") != "group":
                problem(f"mention {m['mention_id']}: possessive not stripped (R4.5)")

    # citations
    for c in T["citations"]:
        if c["outlet_entity_id"] not in ents or ents[c["outlet_entity_id"]]["type"] != "media_outlet":
            problem(f"citation {c['citation_id']}: outlet is not a media_outlet entity")
        if c["place_entity_id"] and c["place_entity_id"] not in ents:
            problem(f"citation {c['citation_id']}: unknown place")
        if not (c["exact"].startswith("(") and c["exact"].endswith(")")):
            problem(f"citation {c['citation_id']}: exact must include parentheses (R7.2)")

    # quotes
    by_utt = {}
    for q in T["quotes"]:
        by_utt.setdefault(q["utterance_id"], []).append(q)
        if q["speaker_entity_id"] and q["speaker_entity_id"] not in ents:
            problem(f"quote {q['quote_id']}: unknown speaker")
        if q["citation_id"] and q["citation_id"] not in cits:
            problem(f"quote {q['quote_id']}: unknown citation")
        s, e = int(q["start"]), int(q["end"])
        if TEXT[s - 1] not in "“\"" or TEXT[e] not in "”\"":
            problem(f"quote {q['quote_id']}: not delimited by quotation marks (R5.3)")
        if q["cue"] and q["cue"] not in TEXT[PARA_BOUNDS[para_of(s)][0]:PARA_BOUNDS[para_of(s)][1]]:
            problem(f"quote {q['quote_id']}: cue not in its paragraph")
        if q["kind"] == "direct" and not q["speaker_entity_id"]:
            problem(f"quote {q['quote_id']}: direct quote without speaker")
    for u, qs in by_utt.items():
        if len({(q["speaker_entity_id"], q["cue"], q["citation_id"]) for q in qs}) != 1:
            problem(f"utterance {u}: parts differ in speaker/cue/citation (R5.4)")
    # every quoted passage in the text is a quote (R5.1)
    qspans = {(int(q["start"]), int(q["end"])) for q in T["quotes"]}
    for mt in re.finditer(r"“([^”]*)”", TEXT):
        if (mt.start(1), mt.end(1)) not in qspans:
            problem(f"quoted passage at {mt.start(1)} not annotated as a quote (R5.1)")

    # claims
    links = {}
    for ce in T["claim_entities"]:
        if ce["claim_id"] not in claims:
            problem(f"claim_entities: unknown claim {ce['claim_id']}")
        if ce["entity_id"] not in ents:
            problem(f"claim_entities: unknown entity {ce['entity_id']}")
        links.setdefault(ce["claim_id"], []).append(ce)
    for cid, c in claims.items():
        s, e = int(c["start"]), int(c["end"])
        att = c["attribution"]
        if not c["statement"].endswith("."):
            problem(f"{cid}: statement does not end with a full stop (R6.3.1)")
        if c["citation_id"] and c["citation_id"] not in cits:
            problem(f"{cid}: unknown citation")
        if c["quote_id"] and c["quote_id"] not in quotes:
            problem(f"{cid}: unknown quote")
        if c["event_date"] and not re.match(r"^\d{4}-\d{2}-\d{2}$", c["event_date"]):
            problem(f"{cid}: bad event_date")
        ls = links.get(cid, [])
        if not ls:
            problem(f"{cid}: no claim_entities rows")
        src_rows = [l for l in ls if l["role"] == "source"]
        if att == "author":
            for k in ["source_entity_id", "source_mention_id", "quote_id", "cue", "cue_start", "cue_end"]:
                if c[k]:
                    problem(f"{cid}: author claim with {k} (R6.5.1)")
            if src_rows:
                problem(f"{cid}: author claim links a source role (R6.5.8)")
            continue
        # reported / quoted
        if not c["source_entity_id"] or c["source_entity_id"] not in ents:
            problem(f"{cid}: missing/unknown source_entity_id")
        if [l["entity_id"] for l in src_rows] != [c["source_entity_id"]]:
            problem(f"{cid}: source role rows {src_rows} != source {c['source_entity_id']} (R6.5.8)")
        if not c["cue"] or c["cue_start"] == "" or c["cue_end"] == "":
            problem(f"{cid}: missing cue (R6.6.1)")
            continue
        cs, ceo = int(c["cue_start"]), int(c["cue_end"])
        if TEXT[cs:ceo] != c["cue"]:
            problem(f"{cid}: cue slice {TEXT[cs:ceo]!r} != {c['cue']!r}")
        if att == "reported":
            if c["quote_id"]:
                problem(f"{cid}: reported claim with quote_id (R6.5.2)")
            if not (s <= cs and ceo <= e):
                problem(f"{cid}: cue not inside the span (R6.2.4, R6.6.3)")
        if att == "quoted":
            q = quotes.get(c["quote_id"])
            if not q:
                problem(f"{cid}: quoted claim without quote_id")
            else:
                if not (int(q["start"]) <= s and e <= int(q["end"])):
                    problem(f"{cid}: quoted claim not inside its quote (R6.2.7)")
                if q["speaker_entity_id"] != c["source_entity_id"]:
                    problem(f"{cid}: source differs from quote speaker (R6.5.3)")
                if q["cue"] != c["cue"]:
                    problem(f"{cid}: cue differs from quote cue (R6.6.3)")
                if q["citation_id"] != c["citation_id"]:
                    problem(f"{cid}: citation differs from its quote's citation")
                if para_of(cs) != para_of(s):
                    problem(f"{cid}: cue not in the claim's paragraph (R6.6.3)")
        sm = c["source_mention_id"]
        if not sm:
            if not c["notes"] or "names the source nowhere" not in c["notes"]:
                problem(f"{cid}: empty source_mention_id without note (R6.6.5)")
        else:
            m = ments.get(sm)
            if not m:
                problem(f"{cid}: unknown source_mention_id")
            else:
                if m["entity_id"] != c["source_entity_id"]:
                    problem(f"{cid}: source mention belongs to {m['entity_id']} (R6.6.5)")
                if para_of(int(m["start"])) != para_of(cs):
                    problem(f"{cid}: source mention not in the cue's paragraph (R6.6.4)")
                # machine rule
                expect = source_mention([dict(x, start=int(x["start"]), end=int(x["end"]))
                                         for x in T["mentions"]], c["source_entity_id"],
                                        dict(cue_start=cs, cue_end=ceo, end=e))
                if expect != sm:
                    problem(f"{cid}: source_mention_id {sm} != R6.6.4 machine rule {expect}")

    # R7.4 citation coverage recomputed and compared
    sent_end = [mt.end() for mt in re.finditer(r"[.!?]”?(?=\s|$)", TEXT)
                if TEXT[mt.start() - 3:mt.start() + 1] != "U.S."]

    def sentence_of(pos):
        prev = 0
        for se in sent_end:
            if pos < se:
                return (prev, se)
            prev = se
        return (prev, len(TEXT))
    expected = {}
    for ct in T["citations"]:
        cs_, ce_ = int(ct["start"]), int(ct["end"])
        sent = sentence_of(cs_)
        p = para_of(cs_)
        earlier = [int(x["end"]) for x in T["citations"] if para_of(int(x["start"])) == p and int(x["end"]) <= cs_]
        lower = max(earlier) if earlier else PARA_BOUNDS[p][0]
        a_items = []
        for cid, c in claims.items():
            if sent[0] <= int(c["start"]) and int(c["end"]) <= sent[1]:
                a_items.append(("C", cid))
        for qid, q in quotes.items():
            if sent[0] <= int(q["start"]) and int(q["end"]) <= sent[1]:
                a_items.append(("Q", qid))
        srcs = set()
        for kind, i in a_items:
            expected[(kind, i)] = ct["citation_id"]
            srcs.add(claims[i]["source_entity_id"] if kind == "C" else quotes[i]["speaker_entity_id"])
        srcs.discard("")
        for cid, c in claims.items():
            if para_of(int(c["start"])) == p and lower <= int(c["start"]) and int(c["end"]) <= cs_:
                if c["attribution"] != "author" and c["source_entity_id"] in srcs:
                    expected[("C", cid)] = ct["citation_id"]
                if c["attribution"] == "reported":
                    outlet_ms = [m for m in T["mentions"] if m["entity_id"] == ct["outlet_entity_id"]
                                 and int(c["start"]) <= int(m["start"]) and int(m["end"]) <= int(c["end"])]
                    if outlet_ms:
                        expected[("C", cid)] = ct["citation_id"]
        for qid, q in quotes.items():
            if para_of(int(q["start"])) == p and lower <= int(q["start"]) and int(q["end"]) <= cs_:
                if q["speaker_entity_id"] and q["speaker_entity_id"] in srcs:
                    expected[("Q", qid)] = ct["citation_id"]
    for cid, c in claims.items():
        if c["citation_id"] != expected.get(("C", cid), ""):
            problem(f"{cid}: citation_id {c['citation_id']!r} != R7.4 expectation {expected.get(('C', cid), '')!r}")
    for qid, q in quotes.items():
        if q["citation_id"] != expected.get(("Q", qid), ""):
            problem(f"{qid}: citation_id {q['citation_id']!r} != R7.4 expectation {expected.get(('Q', qid), '')!r}")

    # R6.1.1: every body sentence is covered by a claim or a quote
    body_start = PARA_BOUNDS[2][0]
    spans = [(int(c["start"]), int(c["end"])) for c in T["claims"]] + \
            [(int(q["start"]), int(q["end"])) for q in T["quotes"]]
    prev = 0
    for se in sent_end + [len(TEXT)]:
        a, b = prev, se
        prev = se
        seg = TEXT[a:b].strip()
        if b <= body_start or not seg or re.fullmatch(r"[\s”\"]*\(?[^()]*\)?[.\s]*", seg) and seg.startswith("("):
            continue
        if not any(s < b and e > a for s, e in spans):
            problem(f"sentence at {a} not covered by a claim or quote (R6.1.1): {seg[:60]!r}")

    return T


def main():
    if "--check-only" not in sys.argv:
        write_all()
    T = check()
    for n in COLUMNS:
        print(f"{n}.csv: {len(T[n])} rows")
    if PROBLEMS:
        print(f"{len(PROBLEMS)} problem(s):")
        for p in PROBLEMS:
            print("  -", p)
        sys.exit(1)
    print("OK: all spans, cues and ID references verified; no problems found.")


if __name__ == "__main__":
    main()
