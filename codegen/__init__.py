"""Spec-driven code generator: spec/ YAML -> validated IR -> generated/ packages."""
