"""Plugins: finding, selecting, registering and calling them, and what they did.

- `discovery`: the built-in plugins and the installed ones (entry points);
- `manager`: the whole run (`collect`): which plugins a load uses (`Selection`),
  a fresh pluggy manager per load, plugins registered and their hooks called in a
  fixed order, unusable ones refused, each failure recorded;
- `records`: `PluginInfo`, what `llm_roadmap.plugins` reports of each plugin;
- `directory`: the directory of known plugins (``plugins --available``);
- `scaffold`: a new plugin package, ready to test and build.

Nothing here runs at import.
"""
