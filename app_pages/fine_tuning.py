"""Fine-tuning: a real Keras ``fit`` run, live and steppable, with progress charts, evaluation and the
attention of probe sentences as the model learns. Saved runs replay without training and travel as
one zip. Layout only: the job, its files and the figures live in attnviz (see training_views)."""

import streamlit as st

from attnviz.nlp.training import runs
from attnviz.ui import class_map_views as class_map
from attnviz.ui import training_state
from attnviz.ui import training_views as views
from attnviz.ui.language import t

st.title(t("ft.title"))
st.markdown(t("ft.intro"))
with st.expander(t("ft.course_code_title"), icon=":material/code:"):
    st.markdown(t("ft.course_code_intro"))
    st.code(
        'model = TFAutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=2)\n'
        "model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=lr_schedule),\n"
        "              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
        '              metrics=["accuracy"])\n'
        "model.fit(train_batches, steps_per_epoch=steps, callbacks=[metrics, probes, validation, control])",
        language="python",
    )

registry = (
    training_state.registry()
)  # first visit after a server start: marks runs left running as interrupted
views.teacher_box()
views.watch_runs()

infos = runs.list_runs(registry.root)
if not infos:
    st.info(t("ft.no_runs"), icon=":material/lightbulb:")
else:
    views.queue_banner()
    name = views.run_picker(infos)
    if name:
        views.run_section(name)
        views.probe_section(name)
        class_map.class_map_section(name)

st.divider()
with st.expander(t("ft.new_run"), icon=":material/model_training:", expanded=not infos):
    views.settings_form()

st.divider()
views.runs_section(infos)
