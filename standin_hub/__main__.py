"""Command line of the stand-in hub: `python -m standin_hub build|serve`.

    python -m standin_hub build [--seed N] [--root DIR] [--force] [--repo ID ...]
    python -m standin_hub serve [--seed N] [--root DIR] [--host H] [--port P]

`serve` builds first when the inputs changed, then answers the Hub's API on the address
and prints the `HF_ENDPOINT` to export.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 0
"""0 lets the system pick a free port; the server prints the endpoint to export."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m standin_hub",
        description="The course's offline stand-in of the Hugging Face Hub.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("build", "build the stand-in's repos (a no-op when nothing changed)"),
        ("serve", "build if needed, then serve the repos over the Hub's HTTP API"),
    ):
        cmd = commands.add_parser(name, help=text, description=text)
        cmd.add_argument("--seed", type=int, default=0, help="seed of the random weights")
        cmd.add_argument("--root", type=Path, default=None, help="folder of the stand-in")
        cmd.add_argument(
            "--repo",
            action="append",
            default=None,
            metavar="ID",
            help="build only this repo id or metric name (repeatable; default: the manifest)",
        )
        if name == "build":
            cmd.add_argument("--force", action="store_true", help="rebuild even if up to date")
        else:
            cmd.add_argument("--host", default=DEFAULT_HOST)
            cmd.add_argument(
                "--port", type=int, default=DEFAULT_PORT, help="0 picks a free port (default)"
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from standin_hub.build import build

    force = getattr(args, "force", False)
    root = build(resources=args.repo, seed=args.seed, root=args.root, force=force)
    info = json.loads((root / "build.json").read_text())
    print(
        f"Stand-in hub at {root}: {len(info['repos'])} repos, "
        f"{info['total_bytes'] / 1e6:.1f} MB, built in {info['seconds']:.1f} s"
    )
    if args.command == "serve":
        from standin_hub import server

        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever(root, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
