"""Code targets: each one a folder with its naming, filters, templates and runtime."""
