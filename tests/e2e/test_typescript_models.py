"""The TypeScript models agree with the Python ones on every schema, run under real Node.

The same wire JSON (recorded examples and hypothesis draws) goes through the Python
converter and through the compiled TypeScript decoders and encoders; both must give the
same wire JSON back. Bad data must fail in both with problems at the same field paths.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import e4connect_api
import neurospeed_api
from tests.node_tools import node_or_skip
from tests.strategies import E4_MODELS, MODELS, models
from tests.typescript_build import build_package

SCRIPT = Path(__file__).resolve().parent.parent / "typescript" / "models.mjs"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DRAWS_PER_SCHEMA = 6
RUN_TIMEOUT = 60.0
SAFE = 2**53 - 1  # JavaScript numbers hold integers exactly up to here

APIS = {
    "neurospeed-api": (neurospeed_api, MODELS, "wire_examples.json"),
    "e4connect-api": (e4connect_api, E4_MODELS, "e4_wire_examples.json"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    node_or_skip()
    root = tmp_path_factory.mktemp("ts-models")
    return {name: build_package(name, root) / "dist" / "index.js" for name in APIS}


def run_models(index: Path, cases: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, Any]]:
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    done = subprocess.run(
        ["node", str(SCRIPT), str(index), str(cases_file)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(results) == len(cases)
    return results


def clamp(value: Any) -> Any:
    """Integers (numbers, or digits in text) brought within ±2^53, the range both languages
    hold exactly; the Python side is given the same clamped input."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return max(-SAFE, min(SAFE, value))
    if isinstance(value, str) and value.lstrip("-").isdigit() and value.isascii():
        return str(clamp(int(value)))
    if isinstance(value, list):
        return [clamp(item) for item in value]
    if isinstance(value, dict):
        return {key: clamp(item) for key, item in value.items()}
    return value


def comparable(value: Any) -> Any:
    """Wire JSON with JSON text inside strings parsed, and numbers as floats: `2.0` and `2`,
    or `4.2e16` and `42000000000000000`, are one number written by two languages."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return comparable(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    return value


def drawn_wire(module: Any, cls: type) -> list[Any]:
    """A few hypothesis draws of `cls`, as wire JSON (hypothesis as a generator here)."""
    found: list[Any] = []

    @settings(
        max_examples=DRAWS_PER_SCHEMA,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        found.append(clamp(module.unstructure(data.draw(models(cls)))))

    draw()
    return found


@pytest.mark.parametrize("package", sorted(APIS))
def test_every_schema_round_trips_like_python(
    package: str, built: dict[str, Path], tmp_path: Path
) -> None:
    module, classes, fixture = APIS[package]
    examples = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    cases = [{"schema": name, "wire": wire} for name, wires in examples.items() for wire in wires]
    for cls in classes:
        cases += [{"schema": cls.__name__, "wire": wire} for wire in drawn_wire(module, cls)]
    results = run_models(built[package], cases, tmp_path)
    covered = {case["schema"] for case in cases}
    assert covered >= {cls.__name__ for cls in classes}
    for case, result in zip(cases, results, strict=True):
        cls = getattr(module, case["schema"])
        expected = module.unstructure(module.structure(case["wire"], cls))
        assert "wire" in result, (case, result)
        assert comparable(result["wire"]) == comparable(expected), case


def python_problems(module: Any, wire: Any, cls: type) -> list[str]:
    with pytest.raises(module.DecodeError) as caught:
        module.structure(wire, cls)
    return sorted(problem.path for problem in caught.value.problems)


BAD = [
    ("Recorder", {"id": "seven"}, ["id"]),
    ("Token", {"accessToken": 12}, ["accessToken"]),
    ("TokenEnvelope", {}, ["token"]),
    ("UserList", {"pager": {"items": [{"username": 5}]}}, None),
    ("SensorInfo", {"device_type": "EEG", "channel_map": ["a"], "sensor_id": 3}, None),
    (
        "DataPacket",
        {
            "stream_id": "eeg",
            "device_type": "EEG",
            "hia_id": "h",
            "data": {"sample": [[1.0, 2.0], [3.0, "abc"]], "timestamp": [1.0, 2.0]},
        },
        None,
    ),
]


@pytest.mark.parametrize(("schema", "wire", "paths"), BAD, ids=[b[0] for b in BAD])
def test_bad_data_fails_at_the_same_field_paths(
    schema: str, wire: Any, paths: list[str] | None, built: dict[str, Path], tmp_path: Path
) -> None:
    cls = getattr(neurospeed_api, schema)
    expected = python_problems(neurospeed_api, wire, cls)
    if paths is not None:
        assert expected == paths
    (result,) = run_models(built["neurospeed-api"], [{"schema": schema, "wire": wire}], tmp_path)
    assert "problems" in result, result
    assert sorted(p["path"] for p in result["problems"]) == expected


def test_secrets_are_not_shown_in_decode_errors(built: dict[str, Path], tmp_path: Path) -> None:
    cases = [
        {"schema": "Token", "wire": {"accessToken": ["eyJ-secret-looking"]}},
        {"schema": "TokenEnvelope", "wire": {"token": "opaque-refresh-secret"}},
    ]
    token, envelope = run_models(built["neurospeed-api"], cases, tmp_path)
    assert token["problems"][0]["path"] == "accessToken"
    assert "eyJ-secret-looking" not in token["message"]
    assert envelope["problems"][0]["path"] == "token"
    assert envelope["problems"][0]["message"] == "expected object, got string"


def test_unknown_enum_values_and_unsafe_integers(built: dict[str, Path], tmp_path: Path) -> None:
    newer = {"id": 1, "status": "archived_by_a_newer_server"}
    too_big = {"id": 2**60}
    results = run_models(
        built["neurospeed-api"],
        [{"schema": "Recorder", "wire": newer}, {"schema": "Recorder", "wire": too_big}],
        tmp_path,
    )
    assert results[0] == {"wire": newer}
    assert results[1]["problems"][0]["path"] == "id"
    assert "2^53" in results[1]["problems"][0]["message"]
