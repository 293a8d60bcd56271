"""`python -m bench.scan <module>…`: run each bench module's reminder_scan() once against the
default database (the harness points DATABASE_URL at the bench database) and print what was
created, as JSON on the last line."""

import importlib
import json
import os
import sys

import django


def main(names: list[str]) -> dict[str, int]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    created: dict[str, int] = {}
    for name in names:
        created.update(importlib.import_module(name).reminder_scan())
    return created


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
