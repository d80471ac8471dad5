"""Template tests: small inline spec fragments, generated, imported and exercised."""

from __future__ import annotations

import datetime
import itertools
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import attrs
import jinja2
import pytest

from codegen.render import Renderer
from tests.helpers import api_yaml, generated_package

_counter = itertools.count()


def generate(tmp_path: Path, schemas: str, more: dict[str, str] | None = None) -> ModuleType:
    """Generate a one-off package (unique name, so imports never collide) and import it."""
    package = f"tpl{next(_counter)}_api"
    files: dict[str, str | bytes] = {"api.yaml": api_yaml(package, extra=schemas), **(more or {})}
    return generated_package(tmp_path, files, package)  # type: ignore[return-value]


def test_untrusted_descriptions_become_inert_docstrings(tmp_path: Path) -> None:
    nasty = 'ends with a quote" and has """triple""" quotes, a \\ backslash and\ta tab'
    schemas = f"""
    schemas:
      Thing:
        type: object
        description: {json.dumps(nasty)}
        properties:
          x: {{type: string, description: "\\"\\"\\"); import os  # escape attempt"}}
    """
    with generate(tmp_path, schemas) as pkg:
        doc = " ".join(pkg.Thing.__doc__.split())
        assert doc == " ".join(nasty.split())
        assert pkg.structure({"x": "1"}, pkg.Thing).x == "1"


def test_keyword_fields_are_renamed_but_keep_their_wire_name(tmp_path: Path) -> None:
    schemas = """
    schemas:
      Span:
        type: object
        required: [from, class]
        properties:
          from: {type: integer}
          class: {type: string}
    """
    with generate(tmp_path, schemas) as pkg:
        span = pkg.Span(from_=1, class_="a")
        assert pkg.unstructure(span) == {"from": 1, "class": "a"}
        assert pkg.structure({"from": 2, "class": "b"}, pkg.Span) == pkg.Span(from_=2, class_="b")


def test_defaults_are_typed_and_mutable_ones_are_not_shared(tmp_path: Path) -> None:
    schemas = """
    schemas:
      Mode:
        type: string
        enum: [start, end]
      Config:
        type: object
        properties:
          mode: {$ref: "#/schemas/Mode", default: start}
          tags: {type: array, items: {type: string}, default: []}
          extra: {type: map, values: {type: integer}, default: {}}
          unlimited: {type: boolean, encoding: string, default: true}
          since: {type: string, format: date, default: "2024-05-01"}
          note: {type: string}
    """
    with generate(tmp_path, schemas) as pkg:
        a, b = pkg.Config(), pkg.Config()
        assert a.mode is pkg.Mode.START
        assert a.since == datetime.date(2024, 5, 1)
        a.tags.append("x")
        assert b.tags == []
        assert pkg.unstructure(b) == {
            "mode": "start",
            "tags": [],
            "extra": {},
            "unlimited": "true",
            "since": "2024-05-01",
        }


def test_models_are_slotted_keyword_only_attrs_classes(tmp_path: Path) -> None:
    schemas = """
    schemas:
      Point:
        type: object
        required: [x]
        properties:
          x: {type: number}
    """
    with generate(tmp_path, schemas) as pkg:
        assert attrs.has(pkg.Point)
        assert "__slots__" in vars(pkg.Point)
        with pytest.raises(TypeError):
            pkg.Point(1.0)
        assert attrs.fields(pkg.Point).x.type is float


def test_secret_fields_are_hidden_from_repr(tmp_path: Path) -> None:
    schemas = """
    schemas:
      Login:
        type: object
        required: [user, password]
        properties:
          user: {type: string}
          password: {type: string, secret: true}
    """
    with generate(tmp_path, schemas) as pkg:
        text = repr(pkg.Login(user="ana", password="hunter2-very-secret"))
        assert "hunter2" not in text and "'***'" in text and "ana" in text


def test_references_across_files_and_recursion_resolve(tmp_path: Path) -> None:
    schemas = """
    schemas:
      Node:
        type: object
        required: [name]
        properties:
          name: {type: string}
          children: {type: array, items: {$ref: "#/schemas/Node"}}
          owner: {$ref: "schemas/people.yaml#/schemas/Person"}
    """
    people = """
        schemas:
          Person:
            type: object
            required: [name]
            properties:
              name: {type: string}
              tree: {$ref: "../api.yaml#/schemas/Node"}
    """
    with generate(tmp_path, schemas, {"schemas/people.yaml": people}) as pkg:
        wire = {
            "name": "root",
            "children": [{"name": "leaf", "children": []}],
            "owner": {"name": "ana", "tree": {"name": "t"}},
        }
        node = pkg.structure(wire, pkg.Node)
        assert node.children[0].name == "leaf"
        assert isinstance(node.owner, pkg.Person) and node.owner.tree.name == "t"
        assert pkg.unstructure(node) == wire


def test_aliases_are_exported_and_expanded_in_annotations(tmp_path: Path) -> None:
    schemas = """
    schemas:
      Reading:
        type: object
        required: [v]
        properties:
          v: {type: number}
      Readings:
        type: map
        values: {$ref: "#/schemas/Reading"}
      Holder:
        type: object
        required: [readings]
        properties:
          readings: {$ref: "#/schemas/Readings"}
    """
    with generate(tmp_path, schemas) as pkg:
        assert pkg.Readings == dict[str, pkg.Reading]
        held = pkg.structure({"readings": {"a": {"v": 1.5}}}, pkg.Holder)
        assert held.readings == {"a": pkg.Reading(v=1.5)}


def test_integer_enums_and_odd_values_keep_unknowns(tmp_path: Path) -> None:
    schemas = """
    schemas:
      Level:
        type: integer
        enum: [1, 2]
      Zone:
        type: string
        enum: ["+0200", "-0500"]
      Box:
        type: object
        required: [level, zone]
        properties:
          level: {$ref: "#/schemas/Level"}
          zone: {$ref: "#/schemas/Zone"}
    """
    with generate(tmp_path, schemas) as pkg:
        assert pkg.Level.V_1 == 1 and pkg.Zone.V_0200 == "+0200"
        box = pkg.structure({"level": 7, "zone": "+0100"}, pkg.Box)
        assert not box.level.is_known and box.level == 7
        assert not box.zone.is_known and box.zone == "+0100"
        assert pkg.unstructure(box) == {"level": 7, "zone": "+0100"}


def test_required_nullable_is_sent_as_null_optional_none_is_left_out(tmp_path: Path) -> None:
    schemas = """
    schemas:
      Query:
        type: object
        required: [user_id]
        properties:
          user_id: {type: integer, nullable: true}
          zone: {type: string}
    """
    with generate(tmp_path, schemas) as pkg:
        assert pkg.unstructure(pkg.Query(user_id=None)) == {"user_id": None}


def test_generated_files_carry_the_do_not_edit_header(tmp_path: Path) -> None:
    schemas = """
    schemas:
      One: {type: object}
    """
    with generate(tmp_path, schemas) as pkg:
        root = Path(pkg.__file__).parent
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        assert files
        for path in files:
            head = path.read_text(encoding="utf-8").splitlines()[:3]
            assert head[0].startswith("# DO NOT EDIT"), path
            assert head[1].startswith("# source: spec/demo/"), path
            assert head[2] == f"# spec sha256: {pkg.SPEC_SHA256}", path


def test_the_renderer_refuses_undefined_names(tmp_path: Path) -> None:
    (tmp_path / "t.jinja").write_text("{{ missing }}", encoding="utf-8")
    renderer = Renderer(tmp_path, {})  # type: ignore[arg-type]
    with pytest.raises(jinja2.UndefinedError):
        renderer.render("t.jinja")


def test_import_blocks_are_exact_for_every_combination(tmp_path: Path) -> None:
    """Generation runs `ruff format` only, so the target must write sorted, used imports."""
    schemas = """
    schemas:
      Level:
        type: integer
        enum: [1, 2]
      Kind:
        type: string
        enum: [a, b]
      Everything:
        type: object
        properties:
          when: {type: string, format: date-time}
          level: {$ref: "#/schemas/Level"}
          kind: {$ref: "#/schemas/Kind"}
          blob: {type: any}
          secret: {type: string, secret: true}
          other: {$ref: "schemas/more.yaml#/schemas/Other"}
    """
    more = """
        schemas:
          Other:
            type: object
            properties:
              back: {$ref: "../api.yaml#/schemas/Everything"}
              day: {type: string, format: date}
          Plain:
            type: object
            properties:
              n: {type: integer}
    """
    with generate(tmp_path, schemas, {"schemas/more.yaml": more}) as pkg:
        root = Path(pkg.__file__).parent
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "ruff",
                "check",
                "--isolated",
                "--no-cache",
                "--select",
                "I,F401,E,W",
                "--line-length",
                "100",
                str(root),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout
        assert (
            pkg.structure({"other": {"day": "2024-05-01"}}, pkg.Everything).other.day.year == 2024
        )


def test_an_enum_member_literally_named_unknown_does_not_make_unknowns_known(
    tmp_path: Path,
) -> None:
    schemas = """
    schemas:
      State:
        type: string
        enum: [unknown, ok]
    """
    with generate(tmp_path, schemas) as pkg:
        assert pkg.State.UNKNOWN.is_known
        assert not pkg.State("brand-new").is_known
