"""`python -m tutor`: the same as the `backprop-tutor` command."""

import sys

from tutor.cli import main

sys.exit(main())
