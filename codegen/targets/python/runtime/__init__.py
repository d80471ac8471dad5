"""Runtime support shared by the generated modules of this package (not public API)."""
