"""Reference backend of the Gosuslugi personal account (Python standard library only)."""
