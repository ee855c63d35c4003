"""The review step of the newsroom's workflow: editors approve, and the copy desk must agree.

Approving the last step of a workflow publishes the page, so a page the copy desk would refuse
to publish cannot be approved either: the approve actions are withheld while the version under
review has a blocking finding (the edit screen lists the findings), and approving is refused
again at the moment it happens, in case the version changed in between.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.models import AbstractGroupApprovalTask

from dateline.copydesk.registry import run_checks

APPROVE = "approve"


class ReviewTask(AbstractGroupApprovalTask):
    """Approval by members of the chosen groups, for pages the copy desk lets through."""

    class Meta:
        verbose_name = _("editorial review")
        verbose_name_plural = _("editorial reviews")

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve; a page with a fault the copy desk "
                 "blocks cannot be approved until it is fixed.")

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if any(name == APPROVE for name, *_ in actions) and has_blocking_findings(obj):
            return [action for action in actions if action[0] != APPROVE]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == APPROVE and has_blocking_findings(task_state.workflow_state
                                                            .content_object):
            raise PermissionDenied(_("The copy desk found faults that block publishing."))
        return super().on_action(task_state, user, action_name, **kwargs)


def has_blocking_findings(obj):
    """Whether the version that approval would publish, the latest one, has a blocking fault."""
    return any(finding.blocks for finding in run_checks(obj.get_latest_revision_as_object()))
