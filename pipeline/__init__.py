"""Target-versus-actual metrics from Chinese government key-task reports."""

__version__ = "0.1.0"  # the same as pyproject.toml's
