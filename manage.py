#!/usr/bin/env python
"""Django's command-line utility; the installed `twinning` command does the same."""

from twinning.cli import main

if __name__ == "__main__":
    main()
