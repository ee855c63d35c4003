"""Adds N made-up live articles to a benchmark's database, in bulk:
    DATELINE_DATA_DIR=/tmp/bench .venv/bin/python benchmarks/seed_archive.py --articles 10000
(production settings unless DJANGO_SETTINGS_MODULE says otherwise; `--help` for the rest)."""

from archive_seeding.seeding import main

if __name__ == "__main__":
    main()
