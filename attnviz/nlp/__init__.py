"""Models, data, tokenisation and attention extraction: the only layer that touches TensorFlow,
transformers and datasets.

Importing this package is cheap: it imports nothing heavy. Each submodule imports TensorFlow only
where it needs it (``loading``, ``attention``, ``tokenize``); ``paths``, ``catalog``, ``errors`` and
``hub`` stay light so the home page and ``--help`` start fast.
"""

import os

# Must happen before anything imports TensorFlow: transformers' TF classes need Keras 2
# (tf-keras). If tf.keras is touched first it becomes Keras 3 and compile() breaks.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
