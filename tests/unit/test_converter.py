"""The converter's behaviour: exact errors with wire paths, secrets kept out, wire quirks."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neurospeed_api as ns
from neurospeed_api import DecodeError, Problem
from neurospeed_api._runtime import jsoncodec
from neurospeed_api._runtime.enums import OpenIntEnum
from tests.strategies import damaged, json_values, models

EXAMPLES: dict[str, list[Any]] = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "wire_examples.json").read_text("utf-8")
)
UTC = datetime.UTC


def example(name: str, index: int = 0) -> Any:
    """A private copy of a wire example, free to break."""
    return copy.deepcopy(EXAMPLES[name][index])


def decode_error(data: Any, cls: Any) -> DecodeError:
    with pytest.raises(DecodeError) as caught:
        ns.structure(data, cls)
    return caught.value


def problems(data: Any, cls: Any) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in decode_error(data, cls).problems]


# -- DecodeError and its problems ---------------------------------------------------------


def test_bad_float_in_the_sample_matrix_is_named_by_its_wire_path() -> None:
    packet = example("DataPacket")
    packet["data"]["sample"] = [[0.5, 1.5, 2.5]] * 3 + [[0.5, 1.5, "abc"]]
    error = decode_error(packet, ns.DataPacket)
    assert isinstance(error, ValueError)
    assert error.target == "DataPacket"
    assert error.problems == (Problem("data.sample[3][2]", "expected float, got 'abc'"),)
    assert str(error.problems[0]) == "data.sample[3][2]: expected float, got 'abc'"
    assert str(error) == "data.sample[3][2]: expected float, got 'abc' [decoding DataPacket]"


def test_a_sample_row_that_is_not_a_list() -> None:
    packet = example("DataPacket")
    packet["data"]["sample"] = [[1.0, 2.0], 5]
    assert problems(packet, ns.DataPacket) == [("data.sample[1]", "expected list, got 5")]
    packet["data"]["sample"] = "1,2,3"
    assert problems(packet, ns.DataPacket) == [("data.sample", "expected list, got '1,2,3'")]


def test_non_finite_numbers_are_not_floats_even_inside_arrays() -> None:
    block = {"sample": [[1.0, 2], [3.0, float("nan")]]}
    assert problems(block, ns.SampleBlock) == [("sample[1][1]", "expected finite float, got nan")]
    bands = {"alpha": [0.5, float("-inf")]}
    assert problems(bands, ns.BrainwaveBands) == [("alpha[1]", "expected finite float, got -inf")]
    recorder = {"id": 1, "minimum_timestamp": float("inf")}
    assert problems(recorder, ns.Recorder) == [
        ("minimum_timestamp", "expected finite float, got inf")
    ]


def test_finite_numbers_whose_sum_overflows_are_valid() -> None:
    block = ns.structure({"sample": [[1e308, 1e308], [1e308, -1.0]]}, ns.SampleBlock)
    assert block.sample == [[1e308, 1e308], [1e308, -1.0]]
    assert ns.structure({"alpha": [1e308, 1e308]}, ns.BrainwaveBands).alpha == [1e308, 1e308]


def test_booleans_are_not_numbers() -> None:
    recorder = {"id": True, "minimum_timestamp": False}
    assert problems(recorder, ns.Recorder) == [
        ("id", "expected int, got True"),
        ("minimum_timestamp", "expected float, got False"),
    ]


def test_ints_are_valid_floats_and_keep_their_wire_form() -> None:
    block = ns.structure({"sample": [[1, 2.5, 1700000000]]}, ns.SampleBlock)
    assert block.sample == [[1, 2.5, 1700000000]]
    assert ns.dumps(block) == '{"sample":[[1,2.5,1700000000]]}'


def test_a_missing_required_field_is_named_by_its_wire_name() -> None:
    data = {"token": {"refreshToken": "eyJ.refresh"}}
    assert problems(data, ns.TokenEnvelope) == [("token.accessToken", "required field is missing")]
    request = example("AlltimeInsightsRequest")
    del request["boundry"]
    assert problems(request, ns.AlltimeInsightsRequest) == [
        ("boundry", "required field is missing")
    ]


def test_snake_case_keys_do_not_stand_in_for_wire_names() -> None:
    data = {"access_token": "eyJ.access"}
    assert problems(data, ns.Token) == [("accessToken", "required field is missing")]


def test_wrong_type_inside_a_map_value_names_the_key() -> None:
    event = example("DeviceEvent")
    event["sensors"]["EEG_k3j9x2"]["channel_count"] = "4"
    assert problems(event, ns.DeviceEvent) == [
        ("sensors['EEG_k3j9x2'].channel_count", "expected int, got '4'")
    ]
    info = example("SensorsInfo")
    info["my_sensor_name_a1b2c3"]["channel_map"] = ["X", 2, "Z"]
    error = decode_error(info, ns.SensorsInfo)
    assert error.target == "dict[str, SensorInfo]"
    assert [(p.path, p.message) for p in error.problems] == [
        ("['my_sensor_name_a1b2c3'].channel_map[1]", "expected str, got 2")
    ]
    packet = example("DataPacket")
    packet["sensor_info"]["sampling_frequency"] = "256"
    assert problems(packet, ns.DataPacket) == [
        ("sensor_info.sampling_frequency", "expected float, got '256'")
    ]


def test_wrong_item_in_a_list_alias() -> None:
    users = example("ConnectedUsers")
    users[1]["id"] = "1299"
    error = decode_error(users, ns.ConnectedUsers)
    assert error.target == "list[ConnectedUser]"
    assert error.problems == (Problem("[1].id", "expected int, got '1299'"),)


def test_several_problems_are_all_reported() -> None:
    packet = example("DataPacket")
    packet["stream_id"] = 3
    del packet["hia_id"]
    packet["sensor_info"]["channel_count"] = "4"
    packet["data"]["sample"][0][1] = None
    error = decode_error(packet, ns.DataPacket)
    assert [(p.path, p.message) for p in error.problems] == [
        ("stream_id", "expected str, got 3"),
        ("hia_id", "required field is missing"),
        ("sensor_info.channel_count", "expected int, got '4'"),
        ("data.sample[0][1]", "expected float, got None"),
    ]
    assert str(error) == "stream_id: expected str, got 3 (and 3 more) [decoding DataPacket]"


def test_several_bad_items_of_one_list_are_all_reported() -> None:
    page = {"items": [{"id": 1}, {"id": "2"}, {"username": "x"}]}
    assert problems(page, ns.UserListPage) == [
        ("items[1].id", "expected int, got '2'"),
        ("items[2].id", "required field is missing"),
    ]


def test_a_non_object_where_an_object_is_expected() -> None:
    assert problems([1, 2], ns.Recorder) == [("", "expected object, got a list")]
    assert problems(None, ns.Recorder) == [("", "expected object, got None")]
    exporter = {"id": 21, "export_config": "my_datafile.csv"}
    assert problems(exporter, ns.Exporter) == [
        ("export_config", "expected object, got 'my_datafile.csv'")
    ]
    event = {"type": "connect", "sensors": ["EEG_k3j9x2"]}
    assert problems(event, ns.DeviceEvent) == [("sensors", "expected object, got a list")]


def test_a_string_or_object_is_not_taken_for_a_list() -> None:
    assert problems({"id": 7, "columns": "XYZ"}, ns.Recorder) == [
        ("columns", "expected list, got 'XYZ'")
    ]
    assert problems({"id": 7, "stream_ids": {"a": 1}}, ns.Recorder) == [
        ("stream_ids", "expected list, got an object")
    ]
    assert problems({"items": "abc"}, ns.UserListPage) == [("items", "expected list, got 'abc'")]
    assert problems({"cognitive_analysis": "x"}, ns.ProcessedOutput) == [
        ("cognitive_analysis", "expected list, got 'x'")
    ]


def test_invalid_json_text_to_loads() -> None:
    for text in ("{bad", b'{"accessToken": ', "", "NaN", "[1e400]"):
        with pytest.raises(DecodeError) as caught:
            ns.loads(text, ns.Token)
        assert isinstance(caught.value, ValueError)
        assert caught.value.target == "Token"
        (problem,) = caught.value.problems
        assert problem.path == ""
        assert problem.message.startswith("invalid JSON: ")


def test_loads_takes_str_bytes_bytearray_and_memoryview() -> None:
    text = '{"accessToken":"eyJ.a"}'
    expected = ns.Token(access_token="eyJ.a")
    for given_text in (text, text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        assert ns.loads(given_text, ns.Token) == expected


def test_invalid_json_text_inside_a_json_text_field() -> None:
    packet = example("PipelinePacket")
    packet["data"] = '{"sample": [[1.5, 2.0'
    (problem,) = decode_error(packet, ns.PipelinePacket).problems
    assert problem.path == "data"
    assert problem.message.startswith("invalid JSON text inside the string: ")


def test_errors_inside_json_text_keep_their_path() -> None:
    packet = example("PipelinePacket")
    packet["data"] = '{"sample": [[1.5, "x"]]}'
    assert problems(packet, ns.PipelinePacket) == [("data.sample[0][1]", "expected float, got 'x'")]
    packet["data"] = "5"
    assert problems(packet, ns.PipelinePacket) == [("data", "expected object, got 5")]


# -- secrets ------------------------------------------------------------------------------


def assert_hidden(error: DecodeError, secret: str) -> None:
    shown = [str(error), repr(error), *map(str, error.problems), *map(repr, error.problems)]
    assert all(secret not in text for text in shown), shown


def test_a_secret_of_the_wrong_type_is_not_shown() -> None:
    number = 98765432109876543210
    error = decode_error({"email": "lab@example.com", "password": number}, ns.CustomerLoginRequest)
    assert error.problems == (Problem("password", "expected str, got an integer"),)
    assert_hidden(error, str(number))

    error = decode_error({"accessToken": {"jwt": "eyJSECRET.payload.sig"}}, ns.Token)
    assert error.problems == (Problem("accessToken", "expected str, got an object"),)
    assert_hidden(error, "eyJSECRET")

    error = decode_error({"refreshToken": 3.14159265}, ns.RefreshTokenRequest)
    assert error.problems == (Problem("refreshToken", "expected str, got a number"),)
    assert_hidden(error, "3.14159")

    login = {"account_id": "rador", "username": "u", "password": True}
    error = decode_error(login, ns.UserLoginRequest)
    assert error.problems == (Problem("password", "expected str, got a boolean"),)


def test_a_token_given_where_the_token_object_belongs_is_not_shown() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.e30.SECRETSIG"
    error = decode_error({"token": jwt}, ns.TokenEnvelope)
    assert error.problems == (Problem("token", "expected object, got a string"),)
    assert_hidden(error, "SECRETSIG")
    error = decode_error(jwt, ns.TokenEnvelope)
    assert error.problems == (Problem("", "expected object, got a string"),)
    assert_hidden(error, "SECRETSIG")


def test_a_non_secret_value_is_shown() -> None:
    data = {"email": 12345, "password": "pw-123456"}
    error = decode_error(data, ns.CustomerLoginRequest)
    assert error.problems == (Problem("email", "expected str, got 12345"),)
    assert_hidden(error, "pw-123456")


def test_secret_fields_show_stars_in_repr() -> None:
    token = ns.Token(access_token="eyJ.ACCESS", refresh_token="eyJ.REFRESH")
    assert repr(token) == "Token(access_token='***', refresh_token='***')"
    assert str(token) == repr(token)
    assert (
        repr(ns.Token(access_token="eyJ.ACCESS")) == "Token(access_token='***', refresh_token=None)"
    )
    login = ns.structure(example("CustomerLoginRequest"), ns.CustomerLoginRequest)
    assert repr(login) == "CustomerLoginRequest(email='lab@example.com', password='***')"
    envelope = ns.structure(example("TokenEnvelope"), ns.TokenEnvelope)
    assert "eyJ" not in repr(envelope)
    for cls, data in [
        (ns.UserCreateRequest, {"username": "u", "password": "PW-SECRET-1"}),
        (ns.UserModifyRequest, {"username": "u", "password": "PW-SECRET-1"}),
        (ns.RefreshTokenRequest, {"refreshToken": "PW-SECRET-1"}),
    ]:
        value = ns.structure(data, cls)
        assert "PW-SECRET-1" not in repr(value)
        assert "'***'" in repr(value)
        assert ns.unstructure(value) == data  # hidden from reprs, not from the wire


# -- no bare exceptions -------------------------------------------------------------------

FUZZED = [
    "DataPacket",
    "PipelinePacket",
    "TokenEnvelope",
    "Recorder",
    "RecorderCreateRequest",
    "AlltimeInsightsRequest",
    "SensorsInfo",
    "ConnectedUsers",
]


def check_structure(data: Any, cls: Any) -> None:
    """Success or a DecodeError with at least one problem; nothing else may escape."""
    try:
        ns.structure(data, cls)
    except DecodeError as error:
        assert error.problems
        for problem in error.problems:
            assert isinstance(problem.path, str)
            assert problem.message
            assert not problem.message.startswith("invalid value (")  # an unforeseen exception


@pytest.mark.parametrize("name", FUZZED)
@given(data=st.data())
def test_arbitrary_json_gives_a_value_or_a_decode_error(name: str, data: st.DataObject) -> None:
    cls = getattr(ns, name)
    check_structure(data.draw(json_values), cls)
    check_structure(data.draw(st.dictionaries(st.sampled_from(_wire_keys(cls)), json_values)), cls)


@pytest.mark.parametrize("name", [name for name in FUZZED if attrs.has(getattr(ns, name))])
@given(data=st.data())
def test_damaged_wire_data_gives_a_value_or_a_decode_error(name: str, data: st.DataObject) -> None:
    cls = getattr(ns, name)
    check_structure(data.draw(damaged(cls, ns.CONVERTER)), cls)


@given(text=st.text(max_size=30) | st.binary(max_size=30))
def test_arbitrary_text_gives_a_value_or_a_decode_error(text: str | bytes) -> None:
    try:
        ns.loads(text, ns.Recorder)
    except DecodeError as error:
        assert error.problems


def _wire_keys(cls: Any) -> list[str]:
    """The wire names of a model's fields, so fuzzed objects hit real fields."""
    fields = ns.CONVERTER._fields.get(cls, {})
    return sorted({spec.wire for spec in fields.values()}) or ["x"]


# -- wire quirks --------------------------------------------------------------------------


def test_token_travels_with_camel_case_names() -> None:
    token = ns.structure({"accessToken": "eyJ.a", "refreshToken": "eyJ.r"}, ns.Token)
    assert token == ns.Token(access_token="eyJ.a", refresh_token="eyJ.r")
    assert ns.unstructure(token) == {"accessToken": "eyJ.a", "refreshToken": "eyJ.r"}
    assert ns.dumps(token) == '{"accessToken":"eyJ.a","refreshToken":"eyJ.r"}'
    assert ns.unstructure(ns.RefreshTokenRequest(refresh_token="eyJ.r")) == {
        "refreshToken": "eyJ.r"
    }


def test_recorder_create_sends_unlimited_as_text() -> None:
    request = ns.RecorderCreateRequest(username="subject_01", recorder_name="a", unlimited=True)
    assert ns.unstructure(request) == {
        "username": "subject_01",
        "recorder_name": "a",
        "unlimited": "true",
    }
    request.unlimited = False
    assert ns.dumps(request) == '{"username":"subject_01","recorder_name":"a","unlimited":"false"}'
    defaulted = ns.structure({"username": "u", "recorder_name": "a"}, ns.RecorderCreateRequest)
    assert defaulted.unlimited is True
    assert ns.unstructure(defaulted)["unlimited"] == "true"


@pytest.mark.parametrize(
    ("wire", "value"), [("true", True), ("false", False), (True, True), (False, False)]
)
def test_recorder_create_accepts_text_and_real_booleans(wire: Any, value: bool) -> None:
    data = {"username": "u", "recorder_name": "a", "unlimited": wire}
    assert ns.structure(data, ns.RecorderCreateRequest).unlimited is value


def test_recorder_create_refuses_other_unlimited_values() -> None:
    data = {"username": "u", "recorder_name": "a", "unlimited": "yes"}
    assert problems(data, ns.RecorderCreateRequest) == [
        ("unlimited", "expected bool as text ('true' or 'false'), got 'yes'")
    ]
    data["unlimited"] = 1
    assert problems(data, ns.RecorderCreateRequest) == [("unlimited", "expected bool, got 1")]
    data["unlimited"] = None
    assert problems(data, ns.RecorderCreateRequest) == [("unlimited", "expected bool, got None")]


def test_exporter_create_sends_unlimited_as_a_real_boolean() -> None:
    config = ns.ExporterConfig(custom_name="my_datafile.csv")
    request = ns.ExporterCreateRequest(recorder_id=7, exporter_config=config, unlimited=False)
    assert ns.unstructure(request) == {
        "recorder_id": 7,
        "exporter_config": {
            "custom_name": "my_datafile.csv",
            "start_timestamp_mode": "start",
            "end_timestamp_mode": "end",
        },
        "unlimited": False,
    }
    assert '"unlimited":false' in ns.dumps(request)
    wire = example("ExporterCreateRequest")
    wire["unlimited"] = "true"
    assert problems(wire, ns.ExporterCreateRequest) == [("unlimited", "expected bool, got 'true'")]


def test_pipeline_packet_data_is_json_text() -> None:
    spaced = json.dumps({"sample": [[1.5, 2.0, 1700000000.123]]})  # the published client's form
    assert spaced == '{"sample": [[1.5, 2.0, 1700000000.123]]}'
    packet = example("PipelinePacket")
    packet["data"] = spaced
    value = ns.structure(packet, ns.PipelinePacket)
    assert value.data == ns.SampleBlock(sample=[[1.5, 2.0, 1700000000.123]])
    wire = ns.unstructure(value)
    assert wire["data"] == '{"sample":[[1.5,2.0,1700000000.123]]}'
    assert json.loads(ns.dumps(value))["data"] == '{"sample":[[1.5,2.0,1700000000.123]]}'


def test_pipeline_packet_data_accepts_an_already_decoded_object() -> None:
    packet = example("PipelinePacket")
    packet["data"] = {"sample": [[1.5, 2.0, 1700000000.123]]}
    value = ns.structure(packet, ns.PipelinePacket)
    assert value.data == ns.SampleBlock(sample=[[1.5, 2.0, 1700000000.123]])
    assert value == ns.structure(example("PipelinePacket"), ns.PipelinePacket)


def test_downlink_payload_is_json_text_of_any_value() -> None:
    request = ns.SsrDownlinkRequest(username="u", hia_id="k3j9x2", payload={"command": "vibrate"})
    assert ns.unstructure(request)["payload"] == '{"command":"vibrate"}'
    hello = ns.structure(example("SsrDownlinkRequest", 1), ns.SsrDownlinkRequest)
    assert hello.payload == "hello"


def test_data_packet_data_is_a_plain_object() -> None:
    value = ns.structure(example("DataPacket", 1), ns.DataPacket)
    assert value.data == ns.SampleBlock(sample=[[1.5, 2.0, 1700000000.123]])
    assert ns.unstructure(value)["data"] == {"sample": [[1.5, 2.0, 1700000000.123]]}
    packet = example("DataPacket", 1)
    packet["data"] = '{"sample": []}'
    assert problems(packet, ns.DataPacket) == [("data", "expected object, got '{\"sample\": []}'")]


def test_optional_none_fields_are_left_out() -> None:
    assert ns.unstructure(ns.Recorder(id=9)) == {"id": 9}
    assert ns.dumps(ns.Recorder(id=9)) == '{"id":9}'
    assert ns.unstructure(ns.Token(access_token="eyJ.a")) == {"accessToken": "eyJ.a"}
    assert ns.unstructure(ns.RecorderFilters()) == {}
    assert ns.unstructure(ns.UserSettings(id=3)) == {"id": 3}


def test_required_nullable_fields_are_sent_as_null() -> None:
    assert ns.unstructure(ns.InsightsUserRequest(user_id=None)) == {"user_id": None}
    assert ns.dumps(ns.InsightsUserRequest(user_id=None)) == '{"user_id":null}'
    request = ns.DailyInsightRequest(user_id=None, daily_date=datetime.date(2024, 5, 1))
    assert ns.dumps(request) == '{"user_id":null,"daily_date":"2024-05-01"}'
    assert problems({"daily_date": "2024-05-01"}, ns.DailyInsightRequest) == [
        ("user_id", "required field is missing")
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024-05-01T10:20:30.123Z", datetime.datetime(2024, 5, 1, 10, 20, 30, 123000, UTC)),
        ("2024-05-02T08:00:05.500Z", datetime.datetime(2024, 5, 2, 8, 0, 5, 500000, UTC)),
        ("2024-05-01T10:30:30Z", datetime.datetime(2024, 5, 1, 10, 30, 30, tzinfo=UTC)),
        ("2024-05-01T10:30:30.000001Z", datetime.datetime(2024, 5, 1, 10, 30, 30, 1, UTC)),
        (
            "2024-05-01T10:30:30.250+05:30",
            datetime.datetime(
                2024,
                5,
                1,
                10,
                30,
                30,
                250000,
                datetime.timezone(datetime.timedelta(hours=5, minutes=30)),
            ),
        ),
        ("2024-05-01T10:30:30", datetime.datetime(2024, 5, 1, 10, 30, 30)),
    ],
)
def test_date_times_round_trip_exactly(text: str, value: datetime.datetime) -> None:
    recorder = ns.structure({"id": 1, "created_at": text}, ns.Recorder)
    assert recorder.created_at == value
    assert recorder.created_at.utcoffset() == value.utcoffset()
    assert ns.unstructure(recorder) == {"id": 1, "created_at": text}


def test_date_times_are_written_with_z_for_utc() -> None:
    moment = datetime.datetime(2024, 3, 11, 16, 3, 29, 361000, UTC)
    settings = ns.UserSettings(created_at=moment)
    assert ns.dumps(settings) == '{"createdAt":"2024-03-11T16:03:29.361Z"}'
    assert problems({"id": 1, "created_at": "yesterday"}, ns.Recorder) == [
        ("created_at", "expected date-time (ISO 8601 text), got 'yesterday'")
    ]


def test_dates_travel_as_yyyy_mm_dd() -> None:
    request = ns.structure(example("AlltimeInsightsRequest"), ns.AlltimeInsightsRequest)
    assert request.start_date == datetime.date(2024, 4, 1)
    assert type(request.start_date) is datetime.date
    assert request.boundary is ns.InsightBoundary.DAY
    assert ns.unstructure(request) == example("AlltimeInsightsRequest")
    bad = example("AlltimeInsightsRequest")
    bad["end_date"] = "2024-05-01T00:00:00Z"
    assert problems(bad, ns.AlltimeInsightsRequest) == [
        ("end_date", "expected date (YYYY-MM-DD), got '2024-05-01T00:00:00Z'")
    ]


def test_unknown_enum_values_are_kept() -> None:
    event = ns.structure({"type": "reconnect", "hia_id": "k3j9x2"}, ns.DeviceEvent)
    assert isinstance(event.type, ns.DeviceEventType)
    assert event.type.is_known is False
    assert event.type == "reconnect"
    assert ns.unstructure(event) == {"type": "reconnect", "hia_id": "k3j9x2"}
    info = example("SensorInfo")
    info["device_type"] = "MYO"
    sensor = ns.structure(info, ns.SensorInfo)
    assert (sensor.device_type.is_known, sensor.device_type.value) == (False, "MYO")
    assert ns.unstructure(sensor) == info
    states = ns.structure({"EEG_k3j9x2": "paused", "PPG_1": "enabled"}, ns.SsrStreamStateEvent)
    assert states["EEG_k3j9x2"].is_known is False
    assert states["PPG_1"] is ns.StreamState.ENABLED
    assert ns.dumps(states) == '{"EEG_k3j9x2":"paused","PPG_1":"enabled"}'


def test_known_enum_values_are_members_and_travel_as_plain_values() -> None:
    event = ns.structure({"type": "connect"}, ns.DeviceEvent)
    assert event.type is ns.DeviceEventType.CONNECT
    wire = ns.unstructure(ns.RecorderUpdateRequest(status=ns.RecorderStatus.PAUSED))
    assert wire == {"status": "paused"}
    assert type(wire["status"]) is str
    assert problems({"type": 1}, ns.DeviceEvent) == [("type", "expected str, got 1")]


def test_open_int_enums_keep_unknown_values() -> None:
    class Level(OpenIntEnum):
        LOW = 1
        HIGH = 2

    assert ns.CONVERTER.structure(2, Level) is Level.HIGH
    unknown = ns.CONVERTER.structure(7, Level)
    assert (unknown.is_known, unknown.value, int(unknown)) == (False, 7, 7)
    assert ns.unstructure(unknown) == 7
    assert type(ns.unstructure(Level.LOW)) is int
    with pytest.raises(DecodeError) as caught:
        ns.CONVERTER.structure("2", Level)
    assert caught.value.problems == (Problem("", "expected int, got '2'"),)


def test_unknown_keys_are_ignored() -> None:
    data = {"accessToken": "eyJ.a", "expiresIn": 3600}
    assert ns.structure(data, ns.Token) == ns.Token(access_token="eyJ.a")


# -- the standard-library JSON backend ----------------------------------------------------


@pytest.fixture
def stdlib_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsoncodec, "BACKEND", "json")


def _all_examples() -> list[tuple[str, Any]]:
    return [(name, item) for name, items in EXAMPLES.items() for item in items]


def test_orjson_is_the_default_backend_when_installed() -> None:
    pytest.importorskip("orjson")
    assert jsoncodec.BACKEND == "orjson"


def test_the_stdlib_backend_loads_and_dumps_the_same_data(stdlib_json: None) -> None:
    assert jsoncodec.BACKEND == "json"
    for name, item in _all_examples():
        cls = getattr(ns, name)
        value = ns.loads(json.dumps(item), cls)
        assert value == ns.structure(item, cls)
        text = ns.dumps(value)
        assert json.loads(text) == item
        assert text == json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
        assert ns.loads(text.encode(), cls) == value


def test_both_backends_write_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    values = [ns.structure(item, getattr(ns, name)) for name, item in _all_examples()]
    fast = [ns.dumps(value) for value in values]
    monkeypatch.setattr(jsoncodec, "BACKEND", "json")
    assert [ns.dumps(value) for value in values] == fast


def test_the_stdlib_backend_reports_invalid_json(stdlib_json: None) -> None:
    for text in ("{bad", "NaN", '{"accessToken": Infinity}', "[1e400]"):
        with pytest.raises(DecodeError) as caught:
            ns.loads(text, ns.Token)
        (problem,) = caught.value.problems
        assert problem.path == ""
        assert problem.message.startswith("invalid JSON: ")
    packet = example("PipelinePacket")
    packet["data"] = "{"
    assert problems(packet, ns.PipelinePacket)[0][0] == "data"


def test_the_stdlib_backend_refuses_to_write_nan(stdlib_json: None) -> None:
    with pytest.raises(ValueError):
        ns.dumps(ns.SampleBlock(sample=[[float("nan")]]))


@given(value=models(ns.DataPacket))
def test_the_backends_agree_on_generated_packets(value: ns.DataPacket) -> None:
    fast = ns.dumps(value)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsoncodec, "BACKEND", "json")
        slow = ns.dumps(value)
        assert ns.loads(fast, ns.DataPacket) == value
    assert json.loads(slow) == json.loads(fast)
    assert ns.loads(slow, ns.DataPacket) == value
