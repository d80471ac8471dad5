"""The package exports every error class its runtime defines (the target lists them)."""

from __future__ import annotations

import inspect

import neurospeed_api as ns
from codegen.targets.python.target import HTTP_ERRORS
from neurospeed_api._runtime import http_errors


def test_the_target_exports_every_runtime_error_class() -> None:
    defined = {
        name
        for name, value in inspect.getmembers(http_errors, inspect.isclass)
        if issubclass(value, http_errors.ApiError) and value.__module__ == http_errors.__name__
    }
    assert set(HTTP_ERRORS) == defined
    for name in defined:
        assert getattr(ns, name) is getattr(http_errors, name)
        assert name in ns.__all__
