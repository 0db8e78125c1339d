"""Command line of the course's helper package.

python -m course_utils prefetch [--chapter N | --notebook NAME | --all] [--cache DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_utils")
    commands = parser.add_subparsers(dest="command", required=True)

    pre = commands.add_parser(
        "prefetch",
        help="download the course's models, datasets and metrics ahead of time",
        description="Download what the course's notebooks use into the Hugging Face cache "
        "(safetensors only). Prints the total size first; a second run resumes.",
    )
    which = pre.add_mutually_exclusive_group()
    which.add_argument("--chapter", type=int, help="only this chapter, e.g. --chapter 0")
    which.add_argument("--notebook", help="only this notebook, e.g. 00_welcome")
    which.add_argument("--all", action="store_true", help="the whole course (the default)")
    pre.add_argument("--cache", type=Path, help="folder to use as HF_HOME (default: yours)")
    pre.add_argument("--dry-run", action="store_true", help="only print what would be fetched")

    args = parser.parse_args(argv)
    if args.command == "prefetch":
        from course_utils import prefetch

        return prefetch.run(args.chapter, args.notebook, args.cache, args.dry_run)
    return 2


if __name__ == "__main__":
    sys.exit(main())
