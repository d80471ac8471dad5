"""The TypeScript target: the same IR as the Python target, printed as TypeScript."""
