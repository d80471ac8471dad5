"""The meta-schema itself: a valid JSON Schema, and inlining keeps its meaning."""

from __future__ import annotations

import jsonschema

from codegen.validate.meta import meta_schema, meta_validator


def test_the_meta_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(meta_schema())


def test_inlined_validator_agrees_with_the_schema_as_written() -> None:
    plain = jsonschema.Draft202012Validator(meta_schema())
    samples = [
        {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "x": {
                            "type": "array",
                            "items": {
                                "type": "map",
                                "values": {"type": "array", "items": {"$ref": "#/schemas/A"}},
                            },
                        }
                    },
                }
            }
        },
        {
            "schemas": {
                "A": {"type": "object", "properties": {"x": {"items": {"items": {"bad": 1}}}}}
            }
        },
        {"api": {"name": "x"}, "schemas": {"a b": {}}, "extra": 1},
        {"servers": {"local": {"http": "ftp://x"}}},
    ]
    for sample in samples:
        want = sorted((list(e.absolute_path), e.message) for e in plain.iter_errors(sample))
        got = sorted(
            (list(e.absolute_path), e.message) for e in meta_validator().iter_errors(sample)
        )
        assert got == want
    assert not list(meta_validator().iter_errors(samples[0]))
