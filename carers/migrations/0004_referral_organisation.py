import django.db.models.deletion
from django.db import migrations, models

def copy_contact_organisation(apps, schema_editor):
    """Each referral takes its contact's organisation (history rows too, so the History section
    and the subject access export show it)."""
    Referral = apps.get_model("carers", "Referral")
    HistoricalReferral = apps.get_model("carers", "HistoricalReferral")
    Contact = apps.get_model("carers", "Contact")
    organisation_of = models.Subquery(
        Contact.objects.filter(pk=models.OuterRef("contact_id")).values("organisation_id")
    )
    Referral.objects.update(organisation_id=organisation_of)
    HistoricalReferral.objects.update(organisation_id=organisation_of)


class Migration(migrations.Migration):
    """Referrals carry their organisation (home-page counts at scale): added and filled in here,
    required from 0005 (separately, as PostgreSQL will not alter a table with the updates' foreign
    key checks still pending in the same transaction)."""

    dependencies = [
        ("accounts", "0002_role_groups"),
        ("carers", "0003_extras_kpis_grants_directory_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreferral",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AddField(
            model_name="referral",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="carer_referrals",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(copy_contact_organisation, migrations.RunPython.noop),
    ]
