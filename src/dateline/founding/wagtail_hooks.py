from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component

from dateline.founding import checklist


class FirstRunChecklistPanel(Component):
    """The first-run checklist, first on the dashboard until every item is done."""

    name = "first_run_checklist"
    template_name = "founding/checklist_panel.html"
    # Wagtail sorts the dashboard's panels by order; its own start at 100.
    order = -100

    class Media:
        css = {"all": ["founding/checklist.css"]}

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context):
        done = sum(item.done for item in self.items)
        return {"items": self.items, "done": done, "total": len(self.items),
                "heading": _("Set up your newsroom")}


@hooks.register("construct_homepage_panels")
def add_first_run_checklist(request, panels):
    # Administrators set the newsroom up; the others would find links they may not follow.
    if not request.user.is_superuser:
        return
    items = checklist.items()
    if items and not all(item.done for item in items):
        panels.append(FirstRunChecklistPanel(items))
