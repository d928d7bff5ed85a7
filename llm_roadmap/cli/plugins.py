"""``llm-roadmap plugins``: every plugin, what it added, and whether it loaded."""

import warnings
from collections.abc import Mapping
from typing import Any, Optional

import click

from ..errors import PluginWarning
from ..model import Lang
from ..plugin.records import CONTRIBUTION_KINDS
from ..serialize import to_data
from ._group import RoadmapCommand
from ._screen import Column, emit_json, table, text, tr
from ._settings import command_options, resolve_lang, settings
from ._stdio import data_inputs
from ._words import interface_word

_KINDS_ZH = {
    "tracks": "条路线",
    "topics": "个主题",
    "resources": "个资源",
    "extensions": "项扩展",
    "exporters": "个导出器",
    "sources": "个来源",
}


def _counts(contributed: Mapping[str, int], lang: Lang) -> str:
    # "1 exporter", "2 exporters": the keys are plural nouns.
    if lang is Lang.ZH:
        return "，".join(
            f"{contributed[k]} {_KINDS_ZH.get(k, k)}"
            for k in CONTRIBUTION_KINDS
            if contributed.get(k)
        )
    return ", ".join(
        f"{contributed[k]} {k if contributed[k] != 1 else k[:-1]}"
        for k in CONTRIBUTION_KINDS
        if contributed.get(k)
    )


def _record_json(info: Any) -> dict[str, object]:
    return {
        "name": info.name,
        "distribution": info.distribution,
        "version": info.version,
        "builtin": info.builtin,
        "hooks": list(info.hooks),
        "status": info.status.value,
        "error": info.error,
        "contributed": {k: int(info.contributed.get(k, 0)) for k in CONTRIBUTION_KINDS},
    }


@click.command(cls=RoadmapCommand)
@click.option("--all", "show_all", is_flag=True)
@click.option("--available", is_flag=True)
@command_options
def plugins(show_all: bool, available: bool, lang: Optional[Lang]) -> None:
    """List plugins and what they added."""
    from ..loading import load

    state = settings()
    # The listing is where failures are diagnosed, so it is never strict and
    # shows failures in its rows instead of as warnings.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        rm = load(paths=data_inputs(state.data), strict=False)
    if available:
        _available(rm.plugins, lang)
        return
    records = [p for p in rm.plugins if show_all or p.status.value != "disabled"]
    if state.json:
        emit_json([_record_json(p) for p in records])
        return
    chosen = resolve_lang(lang)
    table(
        [
            Column(tr(chosen, "名称", "name"), style="cyan", wrap=False, priority=0),
            Column(tr(chosen, "发行包", "distribution"), wrap=False, priority=3),
            Column(tr(chosen, "版本", "version"), wrap=False, priority=3),
            Column(tr(chosen, "类别", "type"), wrap=False, priority=4),
            Column(tr(chosen, "状态", "status"), wrap=False, priority=1),
            Column(tr(chosen, "钩子", "hooks"), priority=5),
            Column(tr(chosen, "贡献", "contributed"), priority=2),
            Column(tr(chosen, "错误", "error"), style="red", priority=0),
        ],
        [
            [
                p.name,
                p.distribution,
                p.version,
                tr(chosen, "内置", "builtin") if p.builtin else tr(chosen, "已安装", "installed"),
                interface_word(p.status.value, chosen),
                ", ".join(p.hooks),
                _counts(p.contributed, chosen),
                p.error or "",
            ]
            for p in records
        ],
        lang=chosen,
        title=tr(chosen, "插件", "Plugins"),
    )


def _available(records: Any, lang: Optional[Lang]) -> None:
    from ..plugin.directory import available_plugins

    state = settings()
    found = available_plugins(records=records)
    if state.json:
        emit_json(
            [
                {
                    "name": a.entry.name,
                    "package": a.entry.package,
                    "install": a.entry.install_command,
                    "description": to_data(a.entry.description),
                    "adds": [addition.value for addition in a.entry.adds],
                    "homepage": a.entry.homepage,
                    "entry_point": a.entry.entry_point,
                    "installed_version": a.installed_version,
                    "status": a.status.value if a.status is not None else None,
                    "error": a.error,
                }
                for a in found
            ]
        )
        return
    chosen = resolve_lang(lang)
    table(
        [
            Column(tr(chosen, "名称", "name"), style="cyan", wrap=False, priority=0),
            Column(tr(chosen, "安装", "install"), priority=1),
            Column(tr(chosen, "提供", "adds"), priority=3),
            Column(tr(chosen, "已安装", "installed"), wrap=False, priority=1),
            Column(tr(chosen, "状态", "status"), wrap=False, priority=2),
            Column(tr(chosen, "说明", "description"), priority=0),
        ],
        [
            [
                a.entry.name,
                a.entry.install_command,
                ", ".join(addition.value for addition in a.entry.adds),
                a.installed_version or "-",
                interface_word(a.status.value, chosen) if a.status is not None else "",
                text(a.entry.description, chosen),
            ]
            for a in found
        ],
        lang=chosen,
        title=tr(chosen, "插件目录", "Plugin directory"),
    )
