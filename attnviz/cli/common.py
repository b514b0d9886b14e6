"""Options and helpers shared by the commands."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from pathlib import Path

MODEL_HELP = (
    "a catalog name (e.g. distilbert-base-uncased), a Hub id, a model folder in save_pretrained "
    "format, or a folder name under ATTNVIZ_HOME/models"
)
DATA_HELP = (
    "a catalog name (imdb, rotten_tomatoes, sst2, ag_news, emotion), a Hub data set id, a CSV / TSV / "
    "JSONL / Parquet file, or a folder of per-class text files"
)


def add_model_option(
    parser: argparse.ArgumentParser, *, default: str | None = None, repeat: bool = False
) -> None:
    help_text = MODEL_HELP + (f" (default: {default})" if default else "")
    if repeat:
        parser.add_argument("--model", action="append", metavar="ID_OR_DIR", help=help_text + "; repeatable")
    else:
        parser.add_argument("--model", default=default, metavar="ID_OR_DIR", help=help_text)


def add_data_option(
    parser: argparse.ArgumentParser, *, default: str | None = None, repeat: bool = False
) -> None:
    help_text = DATA_HELP + (f" (default: {default})" if default else "")
    if repeat:
        parser.add_argument(
            "--data", action="append", metavar="NAME_OR_FILE", help=help_text + "; repeatable"
        )
    else:
        parser.add_argument("--data", default=default, metavar="NAME_OR_FILE", help=help_text)


def add_home_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--home",
        type=Path,
        metavar="DIR",
        help="use DIR as ATTNVIZ_HOME (default: $ATTNVIZ_HOME, .streamlit/secrets.toml, ~/.attnviz)",
    )


def apply_home(path: Path | None) -> None:
    if path is not None:
        os.environ["ATTNVIZ_HOME"] = str(path)


def quiet_libraries() -> None:
    """TensorFlow and transformers talk a lot on start-up; a command prints only what it means to."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    warnings.filterwarnings("ignore")
    logging.getLogger("tensorflow").setLevel(logging.ERROR)


class quiet_stderr:  # noqa: N801 - a context manager, named like the function it reads as
    """Silences file descriptor 2 inside a ``with`` block. TensorFlow's C++ side writes absl and
    CUDA-probe lines there while it loads, whatever TF_CPP_MIN_LOG_LEVEL says."""

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        return self

    def __exit__(self, *exc):
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        return False


def import_tensorflow() -> None:
    """Import TensorFlow (and transformers' TF side) without its start-up chatter on stderr."""
    if "tensorflow" in sys.modules:
        return
    with quiet_stderr():
        import tensorflow as tf

        tf.config.list_physical_devices()  # the CUDA probe, and its "failed call to cuInit" line


class ProgressPrinter:
    """A one-line progress bar on stderr for downloads (plain lines when not a terminal)."""

    def __init__(self, label: str, stream=sys.stderr):
        self.label = label
        self.stream = stream
        self.last_tenth = -1
        self.drawn = False

    def __call__(self, progress) -> None:
        percent = 100 * progress.fraction
        text = (
            f"{self.label}: {percent:5.1f}% ({progress.done_bytes / 2**20:.1f} of "
            f"{progress.total_bytes / 2**20:.1f} MB) {progress.filename}"
        )
        if self.stream.isatty():
            self.stream.write("\r" + text[:100].ljust(100))
            self.stream.flush()
            self.drawn = True
        elif int(percent // 10) > self.last_tenth:
            self.last_tenth = int(percent // 10)
            print(text, file=self.stream)

    def done(self) -> None:
        if self.drawn:
            self.stream.write("\n")
