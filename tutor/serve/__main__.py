"""`python -m tutor.serve ssh|web ...`: the servers without the rest of the CLI."""

import argparse
import sys

from tutor.serve import add_serve_parser, run_serve


def main(argv: list[str] | None = None) -> int:
    """Parse `ssh|web ...` as `backprop-tutor serve` would, and run it."""
    parser = argparse.ArgumentParser(prog="python -m tutor.serve")
    add_serve_parser(parser.add_subparsers(dest="command", required=True))
    return run_serve(parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)]))


sys.exit(main())
