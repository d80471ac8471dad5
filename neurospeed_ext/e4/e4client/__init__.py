"""The published e4client import path; see neurospeed_ext.e4."""
