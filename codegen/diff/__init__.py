"""`python -m codegen diff`: the changes between two versions of the spec, and which break.

change.py   the Change record (kind, severity, location, subject, message)
rules.py    the classification rules, documented there
compare.py  APIs matched by name; schemas.py, routes.py, channels.py, parameters.py the parts
typeshift.py how a type changed; flow.py which way each schema travels
locate.py   positions of keys (the IR has none); spec.py one side read from a folder
gitref.py   a side read from a git revision; render.py the report; command.py the CLI
"""

from codegen.diff.change import Change, SourceLocation
from codegen.diff.spec import diff_specs

__all__ = ["Change", "SourceLocation", "diff_specs"]
