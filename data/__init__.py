"""The curated roadmap data bundled with llm-roadmap (TOML files, read by the loader)."""
