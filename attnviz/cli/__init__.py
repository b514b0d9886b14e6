"""The command line: ``python -m attnviz COMMAND ...``.

Each command is a module here with ``register(subparsers)`` (adds its parser and sets
``run=function``) and no heavy imports at module level, so ``--help`` is instant. To add a command
(``train``, ``evaluate``), write its module and add its name to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = ("prefetch", "attend", "train", "evaluate", "bench", "status")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m attnviz",
        description="attnviz: transformer attention, from the command line (same functions as the app).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"attnviz.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from attnviz.cli.common import quiet_libraries
    from attnviz.nlp.errors import NlpError

    quiet_libraries()
    try:
        return int(args.run(args) or 0)
    except NlpError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # one line, no traceback, unless asked for
        if os.environ.get("ATTNVIZ_DEBUG"):
            raise
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        print(
            f"error: {type(error).__name__}{': ' + detail if detail else ''} (ATTNVIZ_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 1
