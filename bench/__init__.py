"""The benchmark harness (`make bench`): scale data, HTTP measurements beside psycopg floors."""
