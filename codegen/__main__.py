"""Run the code generator: `python -m codegen generate` or `python -m codegen check`."""

import sys

from codegen.cli import main

sys.exit(main())
