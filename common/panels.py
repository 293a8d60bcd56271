"""Home-page panels. Each app may have a `dashboard.py` with `panels(user) -> list[Panel]`."""

import importlib
from dataclasses import dataclass

from django.apps import apps


@dataclass
class Panel:
    title: str
    value: str | int
    caption: str = ""
    url: str = ""
    # A panel drawn by its own template below the tiles (a chart or a matrix with its table),
    # given `data` as `panel.data`.
    include: str = ""
    data: dict | None = None


def panels_for(user) -> list[Panel]:
    """Collect the panels every app offers this user, in INSTALLED_APPS order."""
    found: list[Panel] = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.dashboard")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.dashboard":
                raise
            continue
        found.extend(module.panels(user))
    return found
