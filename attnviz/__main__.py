"""``python -m attnviz``: see attnviz.cli."""

import sys

from attnviz.cli import main

sys.exit(main())
