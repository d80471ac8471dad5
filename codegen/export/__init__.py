"""Standard descriptions of the spec: OpenAPI 3.1 (REST routes) and AsyncAPI 3.0 (channels).

They let tools that do not read our spec format (validators, fuzzers such as schemathesis,
documentation sites, other generators) work from the same source of truth. Built from the
validated IR only: `python -m codegen export openapi|asyncapi --out FILE`.
"""
