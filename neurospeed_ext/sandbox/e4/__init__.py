"""The E4 Connect portal in the sandbox: cookie sessions, seeded accounts, session ZIPs."""
