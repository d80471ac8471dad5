"""The typed, language-neutral intermediate representation and its builder."""
