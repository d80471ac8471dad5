"""The NeuroSpeed manual's call surface over the generated client (`import neurospeed`).

The `neurospeed` package (`compat/neurospeed/`) only re-exports; the code lives in the
small modules beside this file. Everything raises typed errors (`ns.ApiError` and its
subclasses, `ns.SocketConnectError`, `ValueError`, `AccessDeniedError`) where the
published package printed and returned None, logs through `logging` only, and keeps
passwords and tokens out of logs, reprs and error messages.
"""
