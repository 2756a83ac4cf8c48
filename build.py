"""Entry point: `python build.py [command] ...`. See README.md."""

import sys

from microsite.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
