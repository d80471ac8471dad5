"""Records as the generated wire models, the only shapes the sandbox answers with."""

from __future__ import annotations

import neurospeed_api as ns

from .hub import HiaConnection
from .records import CustomerRecord, ExporterRecord, RecorderRecord, UserRecord


def customer_model(customer: CustomerRecord) -> ns.Customer:
    return ns.Customer(
        id=customer.id,
        email=customer.email,
        role=customer.role,
        first_name=customer.first_name,
        last_name=customer.last_name,
        is_active=True,
        account_id=customer.account_id,
        in_active_reason=None,
        company_name=customer.company_name,
    )


def user_model(user: UserRecord) -> ns.User:
    settings = ns.UserSettings(
        id=user.id,
        user_id=user.id,
        is_dsp_enabled=True,
        is_attach_data_origin=False,
        push_active=False,
        cognitive_type="moderate",
        version=1,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )
    return ns.User(id=user.id, username=user.username, settings=settings)


def recorder_model(recorder: RecorderRecord) -> ns.Recorder:
    return ns.Recorder(
        id=recorder.id,
        recorder_name=recorder.name,
        recorder_size=recorder.size,
        columns=list(recorder.columns),
        experiment_labels=list(recorder.labels),
        stream_ids=list(recorder.stream_ids),
        minimum_timestamp=recorder.minimum_timestamp,
        maximum_timestamp=recorder.maximum_timestamp,
        status=recorder.status,
        request_status=recorder.request_status,
        is_active=recorder.is_active,
        packets_count=len(recorder.packets),
        created_at=recorder.created_at,
        updated_at=recorder.updated_at,
        username=recorder.user.username,
    )


def exporter_model(exporter: ExporterRecord) -> ns.Exporter:
    return ns.Exporter(
        id=exporter.id,
        exporter_name=exporter.config.custom_name,
        file_size=exporter.file_size if exporter.file_size is not None else 0,
        export_config=exporter.config,
        status=exporter.status,
        created_at=exporter.created_at,
        updated_at=exporter.updated_at,
        recorder=recorder_model(exporter.recorder),
    )


def connection_model(connection: HiaConnection, user: UserRecord) -> ns.Connection:
    return ns.Connection(id=connection.id, username=user.username, hia_id=connection.hia_id)
