"""Sign-in throttling with two limits: one for a user name from one address, a higher one for
everything an address tries.

django-axes compares each of its lockout parameter sets with one failure limit. A low limit per
address would lock out a whole newsroom behind one office address after a few typos; the pair
alone lets one address try a password on every account (password spraying). So the address
counts failures across all user names, and is locked out when they reach
``DATELINE_LOGIN_ADDRESS_FAILURE_LIMIT``.
"""

from axes.handlers.database import AxesDatabaseHandler

from django.conf import settings
from django.db.models import Sum

# settings.AXES_LOCKOUT_PARAMETERS names the pair first, then the address.
PAIR = 0


class SignInThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """The pair's failures, or the lockout count once the address reached its own limit."""
        pair, address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair

    def reset_user_attempts(self, request, credentials=None):
        """A successful sign-in clears its own user name's count, not the whole address's, so
        that signing in to an account one holds does not buy more guesses at the others."""
        count, _ = self.filter_user_attempts(request, credentials)[PAIR].delete()
        return count
