"""Name splitting and the Python target's naming rules."""

from __future__ import annotations

import pytest

from codegen.ir.model import Field, Primitive
from codegen.naming import pascal_case, snake_case, upper_snake_case
from codegen.targets.python.naming import attribute_name, class_name, member_name, module_name


@pytest.mark.parametrize(
    ("name", "snake", "pascal"),
    [
        ("accessToken", "access_token", "AccessToken"),
        ("access_token", "access_token", "AccessToken"),
        ("HTTPServer2", "http_server2", "HttpServer2"),
        ("SensorInfo", "sensor_info", "SensorInfo"),
        ("Sensor_Info", "sensor_info", "SensorInfo"),
        ("firstName", "first_name", "FirstName"),
        ("EEG", "eeg", "Eeg"),
    ],
)
def test_words_split_the_same_way_in_every_case(name: str, snake: str, pascal: str) -> None:
    assert snake_case(name) == snake
    assert pascal_case(name) == pascal


def test_class_names_keep_pascal_spellings_and_fix_the_rest() -> None:
    assert class_name("EEGPacket") == "EEGPacket"
    assert class_name("sensor_info") == "SensorInfo"


def test_module_names_come_from_the_spec_file() -> None:
    assert module_name("spec/neurospeed/schemas/recorder.yaml") == "recorder"
    assert module_name("spec/neurospeed/api.yaml") == "api"
    assert module_name("spec/neurospeed/rest/userSettings.yaml") == "rest_user_settings"


@pytest.mark.parametrize(
    ("field", "attribute"),
    [("from", "from_"), ("class", "class_"), ("self", "self_"), ("firstName", "first_name")],
)
def test_attribute_names_avoid_keywords(field: str, attribute: str) -> None:
    assert attribute_name(Field(field, field, Primitive("string"), True)) == attribute


def test_enum_members_are_upper_snake_and_never_start_with_a_digit() -> None:
    assert member_name("resource_pending") == "RESOURCE_PENDING"
    assert member_name("+0200") == "V_0200"
    assert member_name(3) == "V_3"
    assert upper_snake_case("user_data") == "USER_DATA"
