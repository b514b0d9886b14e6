"""Comparing saved runs on the fine-tuning page: several runs' loss and validation accuracy on one
chart, the settings they differ in, and each run's test accuracy."""

import json

from tests.app.apptest_helpers import chart, open_page, texts, title, tr
from tests.app.heatmap_runs import add_run

PAGE = "app_pages/fine_tuning.py"


def _with_metrics(home, name, model_dir, learning_rate, accuracies, test_accuracy):
    add_run(home, name, model_dir)
    run = home / "runs" / name
    settings = {"model": "tiny-pretrained", "data": "imdb", "learning_rate": learning_rate}
    (run / "settings.json").write_text(json.dumps(settings))
    lines = [{"kind": "train", "step": s, "loss": 0.7 - 0.05 * s} for s in range(1, 6)]
    lines += [{"kind": "val", "step": s, "accuracy": a} for s, a in zip((2, 4), accuracies)]
    (run / "metrics.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    (run / "evaluation.json").write_text(json.dumps({"accuracy": test_accuracy}))


def test_three_learning_rates_on_one_chart(home, model_dirs):
    for name, lr, accs, test in (
        ("lr-1e-5", 1e-5, (0.55, 0.60), 0.58),
        ("lr-5e-5", 5e-5, (0.65, 0.74), 0.72),
        ("lr-1e-4", 1e-4, (0.70, 0.80), 0.79),
    ):
        _with_metrics(home, name, model_dirs[0], lr, accs, test)
    at = open_page(PAGE, timeout=120)
    assert not at.exception
    assert sorted(at.multiselect(key="ft.compare.runs").value) == ["lr-1e-4", "lr-1e-5", "lr-5e-5"]
    figure = chart(at, "ft.compare.chart")
    assert title(figure) == tr("ft.compare.chart")
    names = {trace["name"] for trace in figure["data"]}
    assert names == {"lr-1e-5", "lr-5e-5", "lr-1e-4"}
    assert len(figure["data"]) == 6  # a loss line and a validation line per run
    assert tr("ft.compare.differ", settings="learning_rate") in texts(at)
    table = next(d.value for d in at.dataframe if tr("ft.compare.val_accuracy") in d.value.columns)
    assert dict(zip(table[tr("ft.runs.name")], table[tr("ft.runs.accuracy")])) == {
        "lr-1e-5": "58.0 %",
        "lr-5e-5": "72.0 %",
        "lr-1e-4": "79.0 %",
    }
    at.multiselect(key="ft.compare.runs").set_value(["lr-1e-5"]).run()
    assert not at.exception and tr("ft.compare.pick_two") in texts(at)
