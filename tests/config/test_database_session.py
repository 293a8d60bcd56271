"""The app's PostgreSQL sessions run without JIT (config/settings.py): compiling a register count
over 100,000 contracts took a second of its 1.1 s. The bench's floors use the same settings."""

import psycopg
import pytest
from django.db import connection

from bench import data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_apps_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_bench_floor_connections_use_the_same_settings():
    with psycopg.connect(data.conninfo(connection.settings_dict["NAME"])) as conn:
        assert conn.execute("SHOW jit").fetchone()[0] == "off"
