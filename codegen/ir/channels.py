"""IR of the `channels:` section (validated before it gets here)."""

from __future__ import annotations

from typing import Any

from codegen.ir.model import Channel, ConnectParameter, Event, Primitive
from codegen.ir.typeref import type_ref
from codegen.load import LoadedApi

CHANNELS = "channels"


def build_channels(loaded: LoadedApi) -> tuple[Channel, ...]:
    """Every channel in file order; parameters and events in declaration order."""
    channels: list[Channel] = []
    for file in loaded.files:
        for name, body in file.data.get(CHANNELS, {}).items():
            source = file.label
            channels.append(
                Channel(
                    name=name,
                    path=body["path"],
                    auth=body["auth"],
                    source=source,
                    parameters=tuple(
                        _parameter(p_name, p, source)
                        for p_name, p in body.get("parameters", {}).items()
                    ),
                    emits=tuple(_event(e, b, source) for e, b in body.get("emits", {}).items()),
                    listens=tuple(_event(e, b, source) for e, b in body.get("listens", {}).items()),
                    description=body.get("description"),
                )
            )
    return tuple(channels)


def _parameter(name: str, body: dict[str, Any], source: str) -> ConnectParameter:
    token = body.get("token")
    return ConnectParameter(
        name=name,
        wire_name=body.get("wire", name),
        location=body["in"],
        type=Primitive("string") if token else type_ref(body, source),
        required=bool(token) or bool(body.get("required", False)),
        token=token,
        encoding=body.get("encoding"),
        description=body.get("description"),
    )


def _event(name: str, body: dict[str, Any], source: str) -> Event:
    payload = body.get("payload")
    return Event(
        name=name,
        payload=type_ref(payload, source) if payload is not None else None,
        reply=body.get("reply"),
        description=body.get("description"),
    )
