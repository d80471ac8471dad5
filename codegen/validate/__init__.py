"""Validation: the meta-schema first, then the semantic rules; all errors together."""

from __future__ import annotations

from codegen.errors import SpecError, SpecInvalid
from codegen.load import LoadedApi
from codegen.refs import SCHEMAS
from codegen.validate.channels import CHANNELS, ChannelChecker
from codegen.validate.meta import meta_errors
from codegen.validate.routes import AUTH, ROUTES, RouteChecker
from codegen.validate.rules import RuleChecker


def validate_api(api: LoadedApi, reserved: frozenset[str] = frozenset()) -> None:
    """Raise SpecInvalid listing every problem of the API, or return when it is sound.

    `reserved` holds names a target's generated package already uses for itself.
    """
    errors: list[SpecError] = []
    skip: set[tuple[str, str]] = set()
    for file in api.files:
        for path, error in meta_errors(file):
            errors.append(error)
            if len(path) >= 2 and path[0] in (SCHEMAS, ROUTES, CHANNELS):
                skip.add((file.label, str(path[1])))
            elif path[:1] == (AUTH,):
                skip.add((file.label, AUTH))
    rules = RuleChecker(api, skip, reserved)
    rules.run()
    RouteChecker(rules, skip).run()  # reports through `rules`
    ChannelChecker(rules, skip).run()
    errors.extend(rules.errors)
    if errors:
        raise SpecInvalid(errors)
