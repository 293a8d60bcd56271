"""Print the role × permission table (accounts.roles) as Markdown, as the README shows it."""

from django.core.management.base import BaseCommand

from accounts.choices import Role
from accounts.roles import role_permission_table

SHORT = {
    Role.CSC_OFFICER: "CSC",
    Role.COMMISSIONER: "Comm.",
    Role.FINANCE_OFFICER: "Fin.",
    Role.BROKERAGE_OFFICER: "Brok.",
    Role.ADMINISTRATOR: "Admin",
    Role.DEPLOYMENT_ADMINISTRATOR: "Depl. admin",
}


def markdown_table() -> str:
    """The table as Markdown: one row per permission, one column per role."""
    roles = list(Role)
    lines = [
        "| permission | " + " | ".join(SHORT.get(role, role.value) for role in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    lines += [f"| `{name}` | " + " | ".join(marks) + " |" for name, marks in role_permission_table()]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print which role holds which permission (the table in accounts/roles.py), as Markdown."

    def handle(self, *args, **options):
        self.stdout.write(markdown_table())
