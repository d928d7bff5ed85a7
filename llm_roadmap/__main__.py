"""``python -m llm_roadmap``: the same command line as ``llm-roadmap``."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="llm-roadmap")
