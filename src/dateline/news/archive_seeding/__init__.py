"""A large, realistic archive written straight into the database, for load tests and benchmarks:
``newsroom`` finds or makes the site's sections, authors and topics, ``writing`` makes up the
stories and ``filing`` inserts them in bulk (the `seed_archive` command runs the three)."""
