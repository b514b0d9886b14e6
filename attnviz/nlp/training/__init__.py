"""Fine-tuning: settings and their cost, run folders, the background job, evaluation, and the
process-wide job registry the page shares between sessions.

Light to import: ``settings``, ``runs`` and ``registry`` use no TensorFlow; ``model_setup``,
``callbacks``, ``evaluation`` (its TensorFlow half) and ``job`` import it inside functions.

Run folder (``ATTNVIZ_HOME/runs/NAME/``, the same for the page and the command line)::

    settings.json     what was asked for (TrainSettings.to_dict())
    status.json       state, step, total steps, error (code + message), timestamps, pid
    metrics.jsonl     one JSON object per line: kind "train" (every step), "val" (validation),
                      "test" (a test-split evaluation)
    probes/           probes.json (texts, tokens, label names) + step_NNNNNN.npz per snapshot
    evaluation.json   the latest test-split evaluation (per class, confusion matrix, examples)
    model/            save_pretrained format with its tokenizer (checkpoints and the final model)
"""
