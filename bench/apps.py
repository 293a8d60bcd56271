from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark (`make bench`): scale data, the harness and its management commands. No models;
    installed so that `bench` and `generate_scale` live here rather than in common/."""

    name = "bench"
    verbose_name = "Benchmark"
