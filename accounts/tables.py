import django_tables2 as tables

from accounts.models import Area, Organisation, User


class OrganisationTable(tables.Table):
    name = tables.Column(linkify=True)
    user_count = tables.Column("Users", attrs={"td": {"class": "govuk-table__cell--numeric"}})

    class Meta:
        model = Organisation
        fields = ["name", "kind", "reference", "user_count", "is_active"]


class AreaTable(tables.Table):
    name = tables.Column(linkify=True)
    parent = tables.Column("Within", linkify=True)

    class Meta:
        model = Area
        fields = ["name", "level", "parent", "council", "code", "postcode_districts"]


class UserTable(tables.Table):
    username = tables.Column(linkify=True)
    roles = tables.Column(accessor="role_names", orderable=False, verbose_name="Roles")

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "organisation", "roles", "is_active", "last_login"]

    def render_roles(self, value):
        return ", ".join(value)
