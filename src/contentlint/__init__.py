"""contentlint: lint and repair Markdown/YAML content pages."""

__version__ = "0.1.0"
