# The newsroom's staff and stories, shared with tests/newsroom.
from tests.newsroom.conftest import desk  # noqa: F401
