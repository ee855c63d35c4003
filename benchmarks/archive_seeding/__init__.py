"""A large, realistic archive written straight into the database, for load tests and benchmarks:
``newsroom`` finds or makes the site's sections, authors and topics, ``writing`` makes up the
stories, ``filing`` inserts them in bulk and ``seeding`` runs the three
(``python benchmarks/seed_archive.py``). Development code: not part of the installed package."""
