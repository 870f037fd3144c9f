#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiff.settings")
    from django.core.management import execute_from_command_line

    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    from newsdiff.schema import SKIP, ensure_schema

    if command not in SKIP and not command.startswith("-"):
        # Set the schema up before the command runs, so a fresh data directory
        # never shows a "relation does not exist" traceback.
        import django

        django.setup()
        ensure_schema(command=command)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
