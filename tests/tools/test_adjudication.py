"""decide.py (tools.adjudication) on a tiny three-annotator study whose disputes are worked out by hand.

Text: "Alpha said Beta will come. Gamma agreed." Annotator 1 marks Alpha, Beta and Gamma and the claim
"Beta will come" (11-25: forecast, certain; source Alpha; cue "said"). Annotator 2 spells Alpha
``alpha-person`` (entity-naming.csv maps it to ``alpha``), misses Gamma, calls the claim probable and Beta
its object. Annotator 3 marks the claim as "Beta will" (11-20, Dice 18/23 with 11-25), an event, and types
Gamma as a group.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO
from tools.adjudication import main as decide
from tools.adjudication import majority, rule_ids

ANNOTATORS = ("annotator-1", "annotator-2", "annotator-3")
CODEBOOK = "# Codebook\n\n**R3.2** Types.\n**R4.1** Mentions.\n**R6.2.1** Span.\n**R6.4.1** Type.\n**R6.5.1** Roles.\n**R6.7.2** Certainty.\n"
HEADER = ("dispute_id,table,field,majority,annotator-1_id,annotator-1_span,annotator-1_value,annotator-2_id,"
          "annotator-2_span,annotator-2_value,annotator-3_id,annotator-3_span,annotator-3_value\n")  # fmt: skip
DISPUTES = HEADER + (
    "D-0001,mentions,item,present,M3,27-32,present,,,absent,M3,27-32,present\n"
    "D-0002,claims,span,11-25,C1,11-25,11-25,C1,11-25,11-25,C1,11-20,11-20\n"
    "D-0003,claims,claim_type,forecast,C1,11-25,forecast,C1,11-25,forecast,C1,11-20,event\n"
    "D-0004,claims,certainty,certain,C1,11-25,certain,C1,11-25,probable,C1,11-20,certain\n"
    "D-0005,claim_entities,role,subject,C1/beta,,subject,C1/beta,,object,C1/beta,,subject\n"
    "D-0006,entities,type,,gamma,,person,,,,gamma,,group\n"
)
DECISIONS = (
    "dispute_id,decision,rule,reason\n"
    "D-0001,majority,R4.1,Gamma is named.\n"
    "D-0002,11-25,R6.2.1,The span ends with the predicate.\n"
    "D-0003,event,R6.4.1,Test: a value against the majority.\n"
    "D-0004,majority,R6.7.2,No hedge.\n"
    "D-0005,annotator-2,R6.5.1,Test: one annotator's value.\n"
    "D-0006,person,R3.2,Gamma is one person.\n"
)


def _write(path: Path, rows: list[dict[str, str]], table: str) -> None:
    import json

    columns = [f["name"] for f in json.loads((REPO / "schemas" / f"{table}.schema.json").read_text("utf-8"))["fields"]]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in columns} for r in rows)


def _mention(mid: str, entity: str, start: int, end: int, exact: str) -> dict[str, str]:
    return {
        "mention_id": mid,
        "document_id": "d",
        "entity_id": entity,
        "start": str(start),
        "end": str(end),
        "exact": exact,
    }


def _study(tmp: Path) -> Path:
    study = tmp / "round-3"
    for k, name in enumerate(ANNOTATORS, start=1):
        alpha = "alpha-person" if k == 2 else "alpha"
        entities = [{"entity_id": alpha, "name": "Alpha", "type": "person", "description": f"by {name}"},
                    {"entity_id": "beta", "name": "Beta", "type": "person", "description": f"by {name}"}]  # fmt: skip
        mentions = [_mention("M1", alpha, 0, 5, "Alpha"), _mention("M2", "beta", 11, 15, "Beta")]
        if k != 2:
            entities.append({"entity_id": "gamma", "name": "Gamma", "type": "group" if k == 3 else "person"})
            mentions.append(_mention("M3", "gamma", 27, 32, "Gamma"))
        span = (11, 20, "Beta will") if k == 3 else (11, 25, "Beta will come")
        claim = {"claim_id": "C1", "document_id": "d", "start": str(span[0]), "end": str(span[1]), "exact": span[2],
                 "statement": f"Beta will come ({name}).", "claim_type": "event" if k == 3 else "forecast",
                 "attribution": "reported", "source_entity_id": alpha, "source_mention_id": "M1", "cue": "said",
                 "cue_start": "6", "cue_end": "10", "certainty": "probable" if k == 2 else "certain",
                 "polarity": "positive"}  # fmt: skip
        links = [{"claim_id": "C1", "entity_id": "beta", "role": "object" if k == 2 else "subject"},
                 {"claim_id": "C1", "entity_id": alpha, "role": "source"}]  # fmt: skip
        folder = study / name
        for table, rows in (("entities", entities), ("mentions", mentions), ("claims", [claim]),
                            ("claim_entities", links), ("quotes", []), ("citations", [])):  # fmt: skip
            _write(folder / f"{table}.csv", rows, table)
    (study / "entity-naming.csv").write_text(
        "annotator,their_id,consensus_id\nannotator-2,alpha-person,alpha\n", "utf-8"
    )
    (tmp / "codebook.md").write_text(CODEBOOK, "utf-8")
    return study


def _decide(study: Path) -> int:
    return decide([str(study), "--codebook", str(study.parent / "codebook.md")])


def test_disputes_are_listed_one_per_disagreement(tmp_path: Path) -> None:
    study = _study(tmp_path)
    assert _decide(study) == 0
    assert (study / "disputes.csv").read_text("utf-8") == DISPUTES
    assert not (study / "adjudicated").exists()


def test_the_consensus_follows_agreement_majority_and_decisions(tmp_path: Path) -> None:
    study = _study(tmp_path)
    (study / "decisions.csv").write_text(DECISIONS, "utf-8")
    assert _decide(study) == 0
    out = study / "adjudicated"
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in (
        "entities", "citations", "mentions", "quotes", "claims", "claim_entities"))  # fmt: skip
    assert (out / "mentions.csv").read_text("utf-8") == (
        "mention_id,document_id,entity_id,start,end,exact\n"
        "MN-0001,d,alpha,0,5,Alpha\nMN-0002,d,beta,11,15,Beta\nMN-0003,d,gamma,27,32,Gamma\n"
    )
    # Span, statement and the rest from annotator 1 (the first with 11-25); type as decided; source mention renumbered.
    assert (out / "claims.csv").read_text("utf-8") == (
        "claim_id,document_id,start,end,exact,statement,claim_type,attribution,source_entity_id,source_mention_id,"
        "cue,cue_start,cue_end,certainty,polarity,quote_id,citation_id,event_date,notes\n"
        "CL-0001,d,11,25,Beta will come,Beta will come (annotator-1).,event,reported,alpha,MN-0001,"
        "said,6,10,certain,positive,,,,\n"
    )
    assert (out / "claim_entities.csv").read_text("utf-8") == (
        "claim_id,entity_id,role\nCL-0001,alpha,source\nCL-0001,beta,object\n"
    )
    assert (out / "entities.csv").read_text("utf-8") == (
        "entity_id,name,type,description,country,ownership,wikidata_id,notes\n"
        "alpha,Alpha,person,by annotator-1,,,,\nbeta,Beta,person,by annotator-1,,,,\ngamma,Gamma,person,,,,,\n"
    )
    assert (out / "quotes.csv").read_text("utf-8").count("\n") == 1


def test_the_build_is_deterministic(tmp_path: Path) -> None:
    study = _study(tmp_path)
    (study / "decisions.csv").write_text(DECISIONS, "utf-8")
    assert _decide(study) == 0
    first = {p.name: p.read_bytes() for p in (study / "adjudicated").iterdir()}
    assert _decide(study) == 0
    assert {p.name: p.read_bytes() for p in (study / "adjudicated").iterdir()} == first


def test_an_item_decided_absent_takes_its_disputes_and_entity_with_it(tmp_path: Path) -> None:
    study = _study(tmp_path)
    lines = DECISIONS.replace("D-0001,majority,R4.1,Gamma is named.", "D-0001,absent,R4.1,Test.").splitlines()
    (study / "decisions.csv").write_text(
        "\n".join(line for line in lines if not line.startswith("D-0006")) + "\n", "utf-8"
    )
    assert _decide(study) == 0
    assert "gamma" not in (study / "adjudicated/mentions.csv").read_text("utf-8")
    assert "gamma" not in (study / "adjudicated/entities.csv").read_text("utf-8")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.replace("D-0004,majority,R6.7.2,No hedge.\n", ""), "D-0004 (claims certainty): no decision"),
        (lambda d: d.replace("R6.7.2", "R99.9"), "rule 'R99.9' is not a rule ID of the blind codebook"),
        (lambda d: d + "D-0099,majority,R3.2,Stray.\n", "decides D-0099, which disputes.csv does not list"),
        (lambda d: d.replace("D-0006,person", "D-0006,majority"), "'majority' decided, but no value has a majority"),
        (lambda d: d.replace("D-0006,person", "D-0006,annotator-2"), "annotator-2 does not have this item"),
        (lambda d: d.replace("D-0003,event", "D-0003,state"), "decision 'state' is none of"),
        (lambda d: d.replace("No hedge.", ""), "must all be given"),
        (lambda d: d + "D-0004,majority,R6.7.2,Twice.\n", "a second decision for D-0004"),
    ],
)
def test_bad_decisions_are_refused_and_leave_no_consensus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: object, message: str
) -> None:
    study = _study(tmp_path)
    (study / "decisions.csv").write_text(edit(DECISIONS), "utf-8")  # type: ignore[operator]
    assert _decide(study) == 1
    assert message in capsys.readouterr().out
    assert not (study / "adjudicated").exists()


def test_the_kept_script_runs_from_the_repository(tmp_path: Path) -> None:
    study = _study(tmp_path)
    (study / "decisions.csv").write_text(DECISIONS, "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the script finds src/ and tools/ itself
    script = REPO / "docs/annotation/round-3/decide.py"
    result = subprocess.run([sys.executable, str(script), str(study), "--codebook", str(tmp_path / "codebook.md")],
                            capture_output=True, text=True, cwd="/", env=env, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 disputes" in result.stdout and (study / "adjudicated/claims.csv").exists()


def test_majority_needs_more_than_half_of_all_annotators() -> None:
    assert majority(["a", "a", "b"]) == 0 and majority([None, "b", "b"]) == 1
    assert majority(["a", "b", None]) is None and majority(["a", "a", "b", "b"]) is None


def test_rule_ids_are_the_bold_ids_that_begin_a_line() -> None:
    assert rule_ids("**R1.2** x\n  - Example: **R9.9** is cited\n**R6.7.4** y\n") == {"R1.2", "R6.7.4"}


def test_a_reference_to_no_row_is_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    study = _study(tmp_path)
    claims = study / "annotator-3/claims.csv"
    claims.write_text(claims.read_text("utf-8").replace(",M1,", ",M9,"), "utf-8")
    assert _decide(study) == 1
    assert "annotator-3: 'M9' is not an ID of its mentions.csv" in capsys.readouterr().out
