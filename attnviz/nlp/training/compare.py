"""Several saved runs side by side (the course's exercise "try another model"): their settings,
how far they went, and their final accuracy on the test split."""

from __future__ import annotations

from attnviz.nlp.training import runs

SETTINGS_SHOWN = ("model", "data", "learning_rate", "train_layers", "max_length", "batch_size", "steps")


def comparison_rows(infos: list) -> list[dict]:
    """One row per run: its name, the settings that tell runs apart, its last validation accuracy
    and its test accuracy (None when it was not evaluated)."""
    rows = []
    for info in infos:
        folder = runs.RunFolder(info.path)
        metrics = runs.read_metrics(folder)
        validation = [
            r["accuracy"] for r in metrics if r.get("kind") == "val" and r.get("accuracy") is not None
        ]
        evaluation = runs.read_evaluation(folder) or {}
        row = {"name": info.name, **{key: info.settings.get(key) for key in SETTINGS_SHOWN}}
        row.update(
            step=info.step,
            validation_accuracy=validation[-1] if validation else None,
            test_accuracy=evaluation.get("accuracy"),
        )
        rows.append(row)
    return rows


def differing_settings(rows: list[dict]) -> list[str]:
    """The settings whose values differ between the runs (what the comparison is about)."""
    return [key for key in SETTINGS_SHOWN if len({str(row.get(key)) for row in rows}) > 1]
