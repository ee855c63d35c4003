"""Built-in checks, one per module; each module's ``check(copy)`` yields findings."""
