"""The exported CSV: one row per sample, the columns PROTOCOL 4.2 names.

Header: timestamp, packets_counter, stream_id, device_type, then the channel names (the
union of the streams' channel_map in first-seen order, or the selected ones), then label.
`packets_counter` is the packet's 1-based position in the recording, so a filtered
export keeps the numbers of the full one.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import neurospeed_api as ns

from .records import StoredPacket

FIXED_COLUMNS = ("timestamp", "packets_counter", "stream_id", "device_type")
LABEL_COLUMN = "label"
LABEL_SEPARATOR = ";"
"""Labels carry no commas or special characters (PROTOCOL 5), so ';' cannot clash."""


def export_columns(packets: Sequence[StoredPacket], config: ns.ExporterConfig) -> list[str]:
    """The data columns of an export, in header order."""
    seen: list[str] = []
    for packet in _selected_packets(packets, config):
        seen.extend(name for name in packet.channel_map if name not in seen)
    if config.is_all_columns or not config.selected_columns:
        return seen
    return [name for name in dict.fromkeys(config.selected_columns) if name in seen]


def write_csv(path: Path, packets: Sequence[StoredPacket], config: ns.ExporterConfig) -> int:
    """Write the export to `path`; returns its size in bytes."""
    columns = export_columns(packets, config)
    selected = {id(p) for p in _selected_packets(packets, config)}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*FIXED_COLUMNS, *columns, LABEL_COLUMN])
        for counter, packet in enumerate(packets, start=1):
            if id(packet) not in selected:
                continue
            index = {name: i for i, name in enumerate(packet.channel_map)}
            label = LABEL_SEPARATOR.join(packet.labels)
            for timestamp, values in packet.rows():
                cells = [values[index[c]] if c in index else "" for c in columns]
                writer.writerow(
                    [timestamp, counter, packet.stream_id, packet.device_type, *cells, label]
                )
    return path.stat().st_size


def _selected_packets(
    packets: Sequence[StoredPacket], config: ns.ExporterConfig
) -> list[StoredPacket]:
    if config.is_all_streams or not config.stream_ids:
        return list(packets)
    wanted = set(config.stream_ids)
    return [p for p in packets if p.stream_id in wanted]
