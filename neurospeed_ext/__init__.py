"""Hand-written extensions on top of the generated clients.

Later issues add here: the recorder/exporter macros, the rate-limited HIA send queue,
streaming downloads, the NeuroSpeed manual's call surface, the local sandbox and the CLI.
"""
