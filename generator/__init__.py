"""ci-gen: plan and render budgeted GitHub Actions CI for large Rust workspaces."""

__version__ = "0.1.0"
