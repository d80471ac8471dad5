"""A spec fragment full of awkward names and text compiles under `tsc --strict`.

Reserved words as parameter and operation names, wire names that are not identifiers,
quotes and comment terminators in spec text, enum values that need escaping: what the
target writes for them must still be valid, strict TypeScript.
"""

from __future__ import annotations

from pathlib import Path

from codegen.pipeline import plan, targets
from codegen.write import materialize
from tests.helpers import api_yaml, write_spec
from tests.node_tools import node_or_skip
from tests.typescript_build import tools, tsc
from tests.unit.test_typescript_target import FRAGMENT


def test_an_awkward_fragment_compiles_strictly(tmp_path: Path) -> None:
    node_or_skip()
    spec = write_spec(tmp_path, {"api.yaml": api_yaml("demo_api", extra=FRAGMENT)})
    _, files = plan(spec, targets()["typescript"])
    out = tmp_path / "out"
    materialize(files, out)
    package = out / "typescript" / "demo-api"
    (package / "node_modules").symlink_to(tools() / "node_modules", target_is_directory=True)
    done = tsc(package, "-p", "tsconfig.json", "--noEmit")
    assert done.returncode == 0, done.stdout + done.stderr
    broken = package / "src" / "broken.ts"
    broken.write_text(
        'import { decodeReading } from "./models.js";\nconst x: number = decodeReading({});\n'
    )
    done = tsc(package, "-p", "tsconfig.json", "--noEmit")
    assert done.returncode != 0 and "broken.ts" in done.stdout, "tsc must be able to fail"
