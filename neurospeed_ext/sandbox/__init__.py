"""A local NeuroSpeed server for offline development and end-to-end tests."""
