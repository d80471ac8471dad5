"""The Python target: attrs models and one cattrs converter per API."""
