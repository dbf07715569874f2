"""The closed profile: unknown keys refused by name, and its fast path never accepts what jsonschema refuses."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from csto_annotations import DescriptorError
from csto_annotations._reader._profile import DESCRIPTOR, SCHEMA, check_descriptor, check_schema, conforms
from helpers import REPO

DESCRIPTOR_JSON = json.loads((REPO / "datapackage.json").read_text("utf-8"))
SCHEMA_JSON = json.loads((REPO / "schemas" / "claims.schema.json").read_text("utf-8"))
ODD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**20), st.floats(allow_nan=False), st.text(max_size=5),
                       st.just("sha256:" + "0" * 64), st.just("https://example.org/x"), st.lists(st.text(max_size=3), max_size=2),
                       st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))  # fmt: skip


def paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside a JSON document."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found += paths(item, (*prefix, index))
    return found


def mutate(document: dict, path: tuple, value: object, add_key: str | None) -> dict:
    changed = copy.deepcopy(document)
    if not path:
        return changed
    parent = changed
    for step in path[:-1]:
        parent = parent[step]
    if add_key is not None and isinstance(parent, dict):
        parent[add_key] = value
    else:
        parent[path[-1]] = value
    return changed


@pytest.mark.parametrize(("document", "profile"), [(DESCRIPTOR_JSON, DESCRIPTOR), (SCHEMA_JSON, SCHEMA)])
def test_the_real_files_take_the_fast_path(document: dict, profile: dict) -> None:
    assert conforms(document, profile) and jsonschema.Draft202012Validator(profile).is_valid(document)


@pytest.mark.parametrize(("document", "profile"), [(DESCRIPTOR_JSON, DESCRIPTOR), (SCHEMA_JSON, SCHEMA)])
@seed(20261201)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    value=ODD_VALUES,
    add=st.one_of(st.none(), st.sampled_from(["extrapaths", "dialect", "profile", "x"])),
)
def test_the_fast_path_accepts_nothing_jsonschema_refuses(document: dict, profile: dict, data: st.DataObject,
                                                          value: object, add: str | None) -> None:  # fmt: skip
    path = data.draw(st.sampled_from(paths(document)[1:]))
    changed = mutate(document, path, value, add)
    if conforms(changed, profile):
        assert jsonschema.Draft202012Validator(profile).is_valid(changed), (path, value, add)


@pytest.mark.parametrize("key", ["extrapaths", "dialect", "profile"])
def test_keys_frictionless_would_act_on_are_refused_by_name(key: str) -> None:
    resource = copy.deepcopy(DESCRIPTOR_JSON)
    resource["resources"][1][key] = "https://127.0.0.1/secret"
    with pytest.raises(DescriptorError, match=rf"resources\[1\] \(resource 'documents'\).*'{key}' was unexpected"):
        check_descriptor(resource, "datapackage.json")


def test_a_schema_key_the_engine_does_not_know_is_refused() -> None:
    schema = copy.deepcopy(SCHEMA_JSON)
    schema["fields"][0]["constraints"]["exclusiveMinimum"] = 0
    with pytest.raises(DescriptorError, match=r"field 'claim_id'.*'exclusiveMinimum' was unexpected"):
        check_schema(schema, "claims.schema.json")
