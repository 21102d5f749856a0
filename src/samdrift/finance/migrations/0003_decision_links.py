"""Allocation models point at their adopting decision; forecasts get an approval state.

The free-text ``decision`` of an allocation model is kept as ``decision_text`` (copied
row by row) before ``decision`` becomes a link to ``governance.Decision``."""

import django.db.models.deletion
from django.db import migrations, models


def keep_text(apps, schema_editor):  # type: ignore[no-untyped-def]
    AllocationModel = apps.get_model("finance", "AllocationModel")
    for row in AllocationModel.objects.exclude(decision="").only("pk", "decision"):
        AllocationModel.objects.filter(pk=row.pk).update(decision_text=row.decision)


def restore_text(apps, schema_editor):  # type: ignore[no-untyped-def]
    AllocationModel = apps.get_model("finance", "AllocationModel")
    for row in AllocationModel.objects.exclude(decision_text="").only("pk", "decision_text"):
        AllocationModel.objects.filter(pk=row.pk).update(decision=row.decision_text)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_finance_settings"),
        ("governance", "0001_bodies_register_meetings_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="allocationmodel",
            name="decision_text",
            field=models.CharField(
                blank=True,
                help_text="e.g. the committee's § and diarienummer.",
                max_length=200,
                verbose_name="adopted by decision (text)",
            ),
        ),
        migrations.RunPython(keep_text, restore_text),
        migrations.RemoveField(model_name="allocationmodel", name="decision"),
        migrations.AddField(
            model_name="allocationmodel",
            name="decision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="governance.decision",
                verbose_name="adopted by decision",
            ),
        ),
        migrations.AddField(
            model_name="forecast",
            name="approval_state",
            field=models.CharField(
                choices=[("not_approved", "Not approved"), ("approved", "Approved by decision")],
                default="not_approved",
                editable=False,
                max_length=20,
                verbose_name="approval",
            ),
        ),
        migrations.AddField(
            model_name="forecast",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="governance.decision",
                verbose_name="approved by decision",
            ),
        ),
    ]
