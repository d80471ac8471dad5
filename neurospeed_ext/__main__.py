"""`python -m neurospeed_ext ...`: the `neurospeed` command without the console script."""

from neurospeed_ext.cli import main

raise SystemExit(main())
