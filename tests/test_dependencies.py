"""pyproject.toml says what the code needs: every dependency has a lower bound, which
`scripts/test-lowest` installs and tests, and an upper one, below the next major release that
nothing here has run on."""

from tests import lowest_versions


def test_every_dependency_has_a_lower_and_an_upper_bound():
    unbounded = [
        str(requirement) for requirement in lowest_versions.requirements()
        if lowest_versions.lower_bound(requirement) is None
        or not any(spec.operator == "<" for spec in requirement.specifier)
    ]
    assert unbounded == []


def test_the_lowest_versions_file_matches_the_lower_bounds():
    assert lowest_versions.CONSTRAINTS.read_text() == lowest_versions.constraints(), (
        "Regenerate it: python -m tests.lowest_versions > tests/lowest-versions.txt"
    )


def test_dateline_extras_are_not_counted_as_dependencies():
    names = {requirement.name for requirement in lowest_versions.requirements()}
    assert "dateline" not in names
    assert {"psycopg", "redis", "django-storages"} <= names
