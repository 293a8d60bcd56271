"""`python -m bench.scan [--first] <module>…`: run each bench module's reminder_scan() once
against the default database (the harness points DATABASE_URL at the bench database) and print
what was created, as JSON on the last line. With --first, each module's reminder_reset() (if it
has one) runs before, so that the data kept from an earlier run does not make it a second scan."""

import importlib
import json
import os
import sys
import time

import django


def main(names: list[str]) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    first = "--first" in names
    modules = [importlib.import_module(name) for name in names if name != "--first"]
    if first:
        for module in modules:
            if hasattr(module, "reminder_reset"):
                module.reminder_reset()
    created: dict[str, int] = {}
    started = time.perf_counter()
    for module in modules:
        created.update(module.reminder_scan())
    return {"seconds": round(time.perf_counter() - started, 3), "created": created}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
