"""TypeScript views of schemas: types, decoders and encoders for `src/models.ts`."""

from __future__ import annotations

import attrs

from codegen.ir.model import AliasSchema, Api, EnumSchema, Field, ObjectSchema, Schema
from codegen.targets.typescript import layout, types
from codegen.targets.typescript.naming import (
    decoder_name,
    encoder_name,
    member_name,
    property_name,
    type_name,
)


@attrs.frozen
class FieldView:
    name: str  # the property
    wire: str  # the JSON key, as a TypeScript string literal
    type: str
    optional: bool  # `name?:` (absent is allowed)
    doc: str | None
    read: str  # the ObjectReader call decoding it
    write: str  # the statement putting it into `out`


@attrs.frozen
class SchemaView:
    kind: str  # "object" | "enum" | "alias"
    name: str
    doc: str
    decoder: str
    encoder: str
    fields: tuple[FieldView, ...] = ()
    members: tuple[tuple[str, str], ...] = ()  # (MEMBER, literal)
    union: str = ""  # enum: the type's union; alias: the aliased type
    decode: str = ""  # enum and alias: the decoder expression
    encode: str = ""  # alias: the encoder expression
    decode_signature: str = ""
    encode_signature: str = ""


def schema_view(api: Api, schema: Schema) -> SchemaView:
    name = type_name(schema.name)
    doc = schema.description or f"{schema.name}, as declared in {schema.source}."
    decoder, encoder = decoder_name(schema.name), encoder_name(schema.name)
    returns = "JsonObject" if isinstance(schema, ObjectSchema) else "Json"
    base = SchemaView(
        kind="object",
        name=name,
        doc=doc,
        decoder=decoder,
        encoder=encoder,
        decode_signature=layout.signature(
            f"export function {decoder}", ["value: unknown", 'path = ""'], f": {name} {{"
        ),
        encode_signature=layout.signature(
            f"export function {encoder}", [f"value: {name}"], f": {returns} {{"
        ),
    )
    if isinstance(schema, EnumSchema):
        literals = [types.ts_literal(v) for v in schema.values]
        other = "(string & {})" if schema.base == "string" else "(number & {})"
        return attrs.evolve(
            base,
            kind="enum",
            members=tuple((member_name(v), types.ts_literal(v)) for v in schema.values),
            union=layout.union(f"export type {name} =", [*literals, other]),
            decode=f'openEnum<{name}>("{schema.base}")',
        )
    if isinstance(schema, AliasSchema):
        return attrs.evolve(
            base,
            kind="alias",
            union=f"export type {name} = {types.ts_type(schema.type)};",
            decode=types.decoder(schema.type),
            encode=types.encoder(schema.type),
        )
    fields = tuple(_field_view(api, f) for f in schema.fields)
    return attrs.evolve(base, fields=fields)


def _field_view(api: Api, field: Field) -> FieldView:
    name = property_name(field.name)
    wire = types.ts_literal(field.wire_name)
    decode = types.field_decoder(api, field)
    encode = types.value_encoder(field)
    value = f"value.{name}"

    def put(expression: str) -> str:
        return expression if encode == "encodeScalar" else f"{encode}({expression})"

    has_value_default = field.default is not None and field.default.value is not None
    if field.required:
        read = f"r.required({wire}, {decode})"
        written = put(value)
        if types.admits_null(field) and written != value:
            written = f"{value} === null ? null : {written}"
        write = f"out[{wire}] = {written};"
    elif has_value_default:
        assert field.default is not None
        fallback = types.literal(field.default.value)
        read = f"r.optional({wire}, {decode}, {fallback})"
        chosen = f"{value} === undefined ? {fallback} : {value}"
        if types.admits_null(field):
            write = f"const {name}Value = {chosen};\n"
            write += f"  out[{wire}] = {name}Value === null ? null : {put(name + 'Value')};"
        else:
            write = f"out[{wire}] = {put(chosen)};"
    else:
        read = f"r.optional({wire}, {decode})"
        write = f"if ({value} != null) out[{wire}] = {put(value)};"
    return FieldView(
        name=name,
        wire=wire,
        type=types.field_type(field),
        optional=not field.required,
        doc=field.description,
        read=read,
        write="\n  ".join(layout.statement(line, 2) for line in write.split("\n  ")),
    )
