"""Command line: ``python -m derivlib verify``."""

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m derivlib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "verify",
        help="run every symbolic, vectorized and finite-difference check; exit 1 on a failure",
    )
    arguments = parser.parse_args(argv)
    if arguments.command == "verify":
        from .verify import main as verify

        return verify()
    return 2


if __name__ == "__main__":
    sys.exit(main())
