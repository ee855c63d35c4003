"""The "Review" workflow on the root page, so every page on every site goes through it.

One step, an editorial review by Editors and Administrators that the copy desk must agree
with. It replaces Wagtail's default "Moderators approval" on the root page; reversing deletes
the workflow, with its history, and gives the root page back to Wagtail's default.
"""

import django.db.models.deletion
from django.db import migrations, models

REVIEWERS = ["Editors", "Administrators"]
WAGTAILS_DEFAULT_WORKFLOW = "Moderators approval"


def create_review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ReviewTask = apps.get_model("newsroom", "ReviewTask")

    content_type, _ = ContentType.objects.get_or_create(app_label="newsroom",
                                                        model="reviewtask")
    task = ReviewTask.objects.create(name="Editors' review", content_type=content_type)
    task.groups.set(Group.objects.filter(name__in=REVIEWERS))
    workflow = Workflow.objects.create(name="Review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=Page.objects.get(depth=1),
                                          defaults={"workflow": workflow})


def remove_review_workflow(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    Workflow.objects.filter(name="Review").delete()
    apps.get_model("newsroom", "ReviewTask").objects.all().delete()
    for default in Workflow.objects.filter(name=WAGTAILS_DEFAULT_WORKFLOW)[:1]:
        WorkflowPage.objects.update_or_create(page=Page.objects.get(depth=1),
                                              defaults={"workflow": default})
    # PostgreSQL refuses to drop the task table next while the deletions' deferred foreign-key
    # checks are pending in this transaction; run them now.
    schema_editor.connection.check_constraints()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("newsroom", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewTask",
            fields=[
                ("task_ptr", models.OneToOneField(
                    auto_created=True, on_delete=django.db.models.deletion.CASCADE,
                    parent_link=True, primary_key=True, serialize=False, to="wagtailcore.task",
                )),
                ("groups", models.ManyToManyField(
                    help_text="Pages/snippets at this step in a workflow will be moderated or "
                              "approved by these groups of users",
                    to="auth.group", verbose_name="groups",
                )),
            ],
            options={
                "verbose_name": "editorial review",
                "verbose_name_plural": "editorial reviews",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.RunPython(create_review_workflow, remove_review_workflow),
    ]
