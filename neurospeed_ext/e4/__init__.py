"""E4 Connect: the e4client surface over the generated e4connect_api client."""
