"""tests/terminal: the real ``llm-roadmap`` under a POSIX pseudo-terminal (pty, termios)."""

import sys

# Windows has no pty module nor TIOCSWINSZ: these tests cannot run there at all.
collect_ignore_glob = ["test_*.py"] if sys.platform == "win32" else []
