#!/usr/bin/env python3
"""Tier labs: every lab's starter tree is made and its kernel builds without
a warning, and every lab's solution (this tree) scores full marks through
the same grading `make grade LAB=name` runs (tools/labs.py check)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import labs  # noqa: E402

sys.exit(labs.check())
