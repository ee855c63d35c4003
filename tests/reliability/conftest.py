# Fixtures shared with tests/delivery (a Redis key prefix of the test's own) and tests/newsroom
# (the newsroom's staff and stories).
from tests.delivery.conftest import redis_prefix  # noqa: F401
from tests.newsroom.conftest import desk  # noqa: F401
