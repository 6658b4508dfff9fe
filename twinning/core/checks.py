"""System checks of what the app needs beside its code and its database."""

from __future__ import annotations

from django.core.checks import Error, register

from twinning import bundle


@register()
def front_end_files(app_configs, **kwargs) -> list[Error]:
    """Return an error when the npm files the pages and documents use cannot be found."""
    missing = bundle.missing_files()
    if not missing:
        return []
    return [
        Error(
            f"{len(missing)} front-end file(s) are missing, e.g. {missing[0]}.",
            hint="In a checkout run `make deps` (npm ci); an installed wheel carries them, so "
            "reinstall it from a wheel built with node_modules present.",
            id="twinning.E001",
        )
    ]
