"""The fine-tuning page's probe figures: a ProbeView and translated titles in, five figures out."""

import json

import numpy as np

from attnviz.nlp.training import runs
from attnviz.nlp.training.probe_views import probe_view
from attnviz.render import training as ftf

LABELS = {
    "heatmap": "H",
    "delta": "D",
    "history": "P",
    "rows": "R",
    "change": "C",
    "keys": "k",
    "queries": "q",
    "step": "s",
    "probability": "p",
    "layer": "l",
    "head": "h",
}


def a_view(tmp_path):
    folder = runs.RunFolder(tmp_path / "run")
    folder.probes.mkdir(parents=True)
    (folder.probes / runs.PROBES_INDEX).write_text(
        json.dumps(
            {
                "texts": ["x"],
                "tokens": [["[CLS]", "<b>x</b>", "[SEP]"]],
                "layers": 2,
                "heads": 2,
                "label_names": ["a", "b"],
            }
        )
    )
    rng = np.random.default_rng(1)
    for step in (0, 3, 6):
        runs.write_probe_snapshot(
            folder, step, [rng.dirichlet(np.ones(3), size=(2, 2, 3))], [np.array([0.2, 0.8])]
        )
    return probe_view(folder, 0, 1, "mean", 3, [0, 3, 6])


def test_five_figures_with_their_titles(tmp_path):
    view = a_view(tmp_path)
    figures = ftf.probe_figures(view, LABELS, max_plot_px=300)
    assert list(figures) == ["heatmap", "delta", "history", "rows", "change"]
    assert [f.layout.title.text for f in figures.values()] == ["H", "D", "P", "R", "C"]
    delta = figures["delta"].data[0]
    limit = max(0.05, float(np.abs(view.delta).max()))
    assert (delta.zmin, delta.zmax, delta.zmid) == (-limit, limit, 0.0)
    assert figures["history"].layout.yaxis.title.text == "p"
    change = figures["change"].data[0]
    np.testing.assert_allclose(np.asarray(change.z, dtype=float), view.head_change)
    assert (
        figures["change"].layout.xaxis.title.text == "h" and figures["change"].layout.yaxis.title.text == "l"
    )


def test_head_change_grid_draws_the_given_change():
    change = np.array([[0.0, 0.5], [0.25, 1.0]])
    fig = ftf.head_change_grid(change, {"title": "t", "layer": "l", "head": "h"})
    np.testing.assert_allclose(np.asarray(fig.data[0].z, dtype=float), change)
    assert list(fig.data[0].x) == ["1", "2"] and list(fig.data[0].y) == ["1", "2"]
    assert fig.data[0].zmax == 1.0


def test_the_token_row_over_steps_keeps_its_labels_away_from_its_title():
    """Issue 15: "Adónde mira [CLS]" overlapped its token labels (they were above the image, under
    the title): the labels now sit below the image, and a longer label makes the figure taller."""
    from attnviz.render.training import attention_over_steps

    rows = np.full((3, 4), 0.25)
    labels = {"title": "Adónde mira [CLS]", "step": "paso"}
    short = attention_over_steps([0, 5, 10], rows, ["[CLS]", "a", "b", "[SEP]"], labels)
    long = attention_over_steps([0, 5, 10], rows, ["[CLS]", "extraordinariamente", "b", "[SEP]"], labels)
    assert short.layout.xaxis.side == "bottom" and short.layout.xaxis.automargin
    assert long.layout.height > short.layout.height
