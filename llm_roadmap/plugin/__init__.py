"""Plugins: finding, selecting, registering and calling them, and what they did.

- `discovery`: the built-in plugins and the installed ones (entry points);
- `selection`: which plugins a load uses (arguments and ``LLM_ROADMAP_*`` variables);
- `calls`: registering one plugin with pluggy, refusing unusable ones, calling its hooks;
- `manager`: the whole run (`collect`): a fresh pluggy manager per load, plugins
  in a fixed order, each failure recorded;
- `records`: `PluginInfo`, what `llm_roadmap.plugins` reports of each plugin;
- `directory`: the directory of known plugins (``plugins --available``);
- `scaffold`: a new plugin package, ready to test and build.

Nothing here runs at import.
"""
