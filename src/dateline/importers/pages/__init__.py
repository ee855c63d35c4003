"""A single article page of another site becomes a draft awaiting an editor's review."""
