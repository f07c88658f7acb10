"""Target-versus-actual metrics from Chinese government key-task reports."""
