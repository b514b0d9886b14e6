"""Settings for the whole test session."""
import os
import tempfile

# Nothing a test runs may write into the developer's real ~/.attnviz: every test session gets
# its own ATTNVIZ_HOME unless one is given (tests that need their own set it themselves).
os.environ.setdefault("ATTNVIZ_HOME", tempfile.mkdtemp(prefix="attnviz-tests-"))
# Set before any test imports TensorFlow (see README, "Stack").
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
