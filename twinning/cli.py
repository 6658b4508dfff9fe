"""The `twinning` console command: Django's manage.py under the project's own name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, as `manage.py` would."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else ["twinning", *sys.argv[1:]])


if __name__ == "__main__":
    main()
