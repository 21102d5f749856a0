#!/usr/bin/env python
"""Django's command-line utility; the same as the ``samdrift`` console command."""

from samdrift.__main__ import main

if __name__ == "__main__":
    main()
