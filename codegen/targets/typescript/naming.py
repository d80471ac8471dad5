"""TypeScript names for spec names: types, members, files, and safe local identifiers."""

from __future__ import annotations

import re

from codegen.ir.model import Api
from codegen.naming import enum_member, pascal_case, words

_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")

RESERVED_WORDS = frozenset(
    {
        "arguments",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "eval",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "undefined",
        "var",
        "void",
        "while",
        "with",
        "yield",
    }
)
"""Words a TypeScript identifier may not be (property names may: `args.delete` is fine)."""


def type_name(name: str) -> str:
    """Schema names already in PascalCase stay as written (`SensorInfo`, `EEGBand`)."""
    return name if _PASCAL.fullmatch(name) else pascal_case(name)


def camel_case(name: str) -> str:
    parts = words(name)
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:]) if parts else name


def property_name(name: str) -> str:
    """A field, argument or method name: camelCase (reserved words are valid here)."""
    return camel_case(name)


def local_name(name: str) -> str:
    """A parameter or variable name: camelCase, with `_` after a reserved word."""
    text = camel_case(name)
    return f"{text}_" if text in RESERVED_WORDS else text


def member_name(value: str | int) -> str:
    return enum_member(value)


def kebab_case(name: str) -> str:
    return "-".join(words(name))


def package_name(api: Api) -> str:
    """The npm package: the spec's package name with dashes (`neurospeed-api`)."""
    return api.package.replace("_", "-")


def decoder_name(schema: str) -> str:
    return f"decode{type_name(schema)}"


def encoder_name(schema: str) -> str:
    return f"encode{type_name(schema)}"


def api_class_name(tag: str) -> str:
    return f"{pascal_case(tag)}Api"


def socket_class_name(channel: str) -> str:
    return f"{pascal_case(channel)}Socket"


def constant_name(name: str) -> str:
    """A module constant: UPPER_SNAKE."""
    return "_".join(w.upper() for w in words(name))
