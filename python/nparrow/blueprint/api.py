"""Blueprints with rerun-sdk 0.41's API: views, containers, panels and the `Blueprint` that
holds them, each logging its archetypes into a blueprint stream (`_log_to_stream`)."""

from __future__ import annotations

import abc
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from .._baseclasses import Archetype
from .._visualizer import Visualizer
from . import components as bpc
from .archetypes import (
    ActiveVisualizers,
    ContainerBlueprint,
    PanelBlueprint,
    TimePanelBlueprint,
    ViewBlueprint,
    ViewContents,
    ViewportBlueprint,
    VisualizerInstruction,
)

__all__ = [
    "Blueprint",
    "BlueprintLike",
    "BlueprintPanel",
    "BlueprintPart",
    "Container",
    "ContainerLike",
    "Grid",
    "Horizontal",
    "Panel",
    "SelectionPanel",
    "Tabs",
    "TimePanel",
    "TopPanel",
    "Vertical",
    "View",
    "VisualizableArchetype",
    "Visualizer",
]


class VisualizableArchetype(abc.ABC):
    """A data archetype that can visualize an entity (`isinstance` checks, as rerun-sdk's protocol)."""

    @classmethod
    def __subclasshook__(cls, other: type) -> bool:
        return callable(getattr(other, "visualizer", None)) or NotImplemented


def _is_visualizer_like(x: Any) -> bool:
    return isinstance(x, (Visualizer, Archetype))


class View:
    """Base of the view classes (`Spatial3DView`, ...): a `ViewBlueprint` plus its contents,
    property archetypes, defaults and per-entity visualizer overrides."""

    def __init__(
        self,
        *,
        class_identifier: str,
        origin: Any,
        contents: Any,
        name: Any,
        visible: Any = None,
        titlebar: Any = None,
        properties: dict[str, Any] | None = None,
        defaults: Iterable[Any] | None = None,
        overrides: Mapping[Any, Any] | None = None,
    ) -> None:
        self.id = uuid.uuid4()
        self.class_identifier = class_identifier
        self.name = name
        self.origin = origin
        self.contents = contents
        self.visible = visible
        self.titlebar = titlebar
        self.properties = properties if properties is not None else {}
        self.defaults = list(defaults) if defaults is not None else []
        self.visualizer_overrides = dict(overrides.items()) if overrides is not None else {}

    def blueprint_path(self) -> str:
        """Where this view is logged in the blueprint store."""
        return f"view/{self.id}"

    def _blueprint_base_visualizer_path_for_entity(self, entity_path: Any) -> str:
        return (
            f"{self.blueprint_path()}/ViewContents/overrides/{str(entity_path).removeprefix('/')}/visualizers"
        )

    def to_container(self) -> Container:
        return Tabs(self)

    def to_blueprint(self) -> Blueprint:
        return Blueprint(self)

    def _log_to_stream(self, stream: Any) -> None:
        path = self.blueprint_path()
        contents = (
            self.contents if isinstance(self.contents, ViewContents) else ViewContents(query=self.contents)
        )
        stream.log(f"{path}/ViewContents", contents)
        stream.log(
            path,
            ViewBlueprint(
                class_identifier=self.class_identifier,
                display_name=self.name,
                space_origin=self.origin,
                visible=self.visible,
                titlebar=self.titlebar,
            ),
        )
        for prop_name, prop in self.properties.items():
            stream.log(f"{path}/{prop_name}", prop)
        for default in self.defaults:
            if hasattr(default, "as_component_batches"):
                stream.log(f"{path}/defaults", default)
            elif hasattr(default, "component_descriptor") or isinstance(default, Iterable):
                stream.log(
                    f"{path}/defaults", [default] if hasattr(default, "component_descriptor") else default
                )
            else:
                raise ValueError(f"Provided default: {default} is neither a component nor a component batch.")
        for entity, visualizers in self.visualizer_overrides.items():
            base = self._blueprint_base_visualizer_path_for_entity(entity)
            items = [visualizers] if _is_visualizer_like(visualizers) else list(visualizers)
            ids = [i for v in items if (i := self._log_visualizer_like(stream, base, v)) is not None]
            if ids:
                stream.log(base, ActiveVisualizers([i.bytes for i in ids]))

    @staticmethod
    def _log_visualizer_like(stream: Any, base: str, visualizer: Any) -> uuid.UUID | None:
        if callable(getattr(visualizer, "visualizer", None)):  # a visualizable data archetype
            visualizer = visualizer.visualizer()
        if isinstance(visualizer, Visualizer):
            path = f"{base}/{visualizer.id}"
            stream.log(
                path, VisualizerInstruction(visualizer.visualizer_type, component_map=visualizer.mappings)
            )
            if visualizer.overrides:
                stream.log(path, visualizer.overrides)
            return visualizer.id
        stream.log(base, visualizer)  # EntityBehavior, VisibleTimeRanges, ...
        return None


class Container:
    """Base of the containers (`Horizontal`, `Vertical`, `Grid`, `Tabs`): a `ContainerBlueprint`
    holding views and containers."""

    def __init__(
        self,
        *args: Container | View,
        contents: Iterable[Container | View] | None = None,
        kind: Any,
        column_shares: Any = None,
        row_shares: Any = None,
        grid_columns: int | None = None,
        active_tab: int | str | None = None,
        name: Any,
        visible: Any = None,
    ) -> None:
        if args and contents is not None:
            raise ValueError("Cannot provide both positional and keyword arguments for contents")
        self.contents = contents if contents is not None else args
        self.id = uuid.uuid4()
        self.kind = kind
        self.column_shares = column_shares
        self.row_shares = row_shares
        self.grid_columns = grid_columns
        self.active_tab = active_tab
        self.name = name
        self.visible = visible

    def blueprint_path(self) -> str:
        """Where this container is logged in the blueprint store."""
        return f"container/{self.id}"

    def to_container(self) -> Container:
        return self

    def to_blueprint(self) -> Blueprint:
        return Blueprint(self)

    def _log_to_stream(self, stream: Any) -> None:
        active_tab_path = None
        for i, sub in enumerate(self.contents):
            sub._log_to_stream(stream)
            if i == self.active_tab or (isinstance(sub, View) and sub.name == self.active_tab):
                active_tab_path = sub.blueprint_path()
        if self.active_tab is not None and active_tab_path is None:
            raise ValueError(f"Active tab '{self.active_tab}' not found in the container contents.")
        stream.log(
            self.blueprint_path(),
            ContainerBlueprint(
                container_kind=self.kind,
                contents=[sub.blueprint_path() for sub in self.contents],
                col_shares=self.column_shares,
                row_shares=self.row_shares,
                visible=self.visible,
                grid_columns=self.grid_columns,
                active_tab=active_tab_path,
                display_name=self.name,
            ),
        )


def _to_state(expanded: bool | None, state: Any) -> Any:
    if expanded is not None and state is not None:
        raise ValueError("Cannot set both 'expanded' and 'state'")
    if state is not None:
        return state
    if expanded is not None:
        return bpc.PanelState.Expanded if expanded else bpc.PanelState.Collapsed
    return None


class Panel:
    """Base of the panels: a `PanelBlueprint` at a fixed path."""

    _PATH = ""

    def __init__(self, *, blueprint_path: str, expanded: bool | None = None, state: Any = None) -> None:
        self._blueprint_path = blueprint_path
        self.state = _to_state(expanded, state)

    def blueprint_path(self) -> str:
        return self._blueprint_path

    def _log_to_stream(self, stream: Any) -> None:
        stream.log(self.blueprint_path(), PanelBlueprint(state=self.state))


class TopPanel(Panel):
    def __init__(self, *, expanded: bool | None = None, state: Any = None) -> None:
        super().__init__(blueprint_path="top_panel", expanded=expanded, state=state)


class BlueprintPanel(Panel):
    def __init__(self, *, expanded: bool | None = None, state: Any = None) -> None:
        super().__init__(blueprint_path="blueprint_panel", expanded=expanded, state=state)


class SelectionPanel(Panel):
    def __init__(self, *, expanded: bool | None = None, state: Any = None) -> None:
        super().__init__(blueprint_path="selection_panel", expanded=expanded, state=state)


class TimePanel(Panel):
    def __init__(
        self,
        *,
        expanded: bool | None = None,
        state: Any = None,
        timeline: Any = None,
        playback_speed: float | None = None,
        fps: float | None = None,
        play_state: Any = None,
        loop_mode: Any = None,
        time_selection: Any = None,
    ) -> None:
        super().__init__(blueprint_path="time_panel", expanded=expanded, state=state)
        self.timeline = timeline
        self.playback_speed = playback_speed
        self.fps = fps
        self.play_state = play_state
        self.loop_mode = loop_mode
        self.time_selection = time_selection

    def _log_to_stream(self, stream: Any) -> None:
        stream.log(
            self.blueprint_path(),
            TimePanelBlueprint(
                state=self.state,
                timeline=self.timeline,
                playback_speed=self.playback_speed,
                fps=self.fps,
                loop_mode=self.loop_mode,
                time_selection=self.time_selection,
            ),
        )
        if self.play_state is not None:
            stream.log(self.blueprint_path(), TimePanelBlueprint(play_state=self.play_state), static=True)


# The container classes: a `Container` of a fixed kind with the layout options that kind has.


class Horizontal(Container):
    def __init__(
        self,
        *args: Container | View,
        contents: Iterable[Container | View] | None = None,
        column_shares: Any = None,
        name: Any = None,
        visible: Any = None,
    ) -> None:
        super().__init__(
            *args,
            contents=contents,
            kind=bpc.ContainerKind.Horizontal,
            column_shares=column_shares,
            name=name,
            visible=visible,
        )


class Vertical(Container):
    def __init__(
        self,
        *args: Container | View,
        contents: Iterable[Container | View] | None = None,
        row_shares: Any = None,
        name: Any = None,
        visible: Any = None,
    ) -> None:
        super().__init__(
            *args,
            contents=contents,
            kind=bpc.ContainerKind.Vertical,
            row_shares=row_shares,
            name=name,
            visible=visible,
        )


class Grid(Container):
    def __init__(
        self,
        *args: Container | View,
        contents: Iterable[Container | View] | None = None,
        column_shares: Any = None,
        row_shares: Any = None,
        grid_columns: int | None = None,
        name: Any = None,
        visible: Any = None,
    ) -> None:
        super().__init__(
            *args,
            contents=contents,
            kind=bpc.ContainerKind.Grid,
            column_shares=column_shares,
            row_shares=row_shares,
            grid_columns=grid_columns,
            name=name,
            visible=visible,
        )


class Tabs(Container):
    def __init__(
        self,
        *args: Container | View,
        contents: Iterable[Container | View] | None = None,
        active_tab: int | str | None = None,
        name: Any = None,
        visible: Any = None,
    ) -> None:
        super().__init__(
            *args,
            contents=contents,
            kind=bpc.ContainerKind.Tabs,
            active_tab=active_tab,
            name=name,
            visible=visible,
        )


ContainerLike = Container | View
BlueprintPart = ContainerLike | TopPanel | BlueprintPanel | SelectionPanel | TimePanel


class Blueprint:
    """The whole viewer layout: one root container (several parts go into a `Tabs`) and panels."""

    def __init__(
        self,
        *parts: Any,
        auto_layout: bool | None = None,
        auto_views: bool | None = None,
        collapse_panels: bool = False,
    ) -> None:
        self.collapse_panels = collapse_panels
        contents: list[ContainerLike] = []
        panels = {TopPanel: "top_panel", BlueprintPanel: "blueprint_panel", SelectionPanel: "selection_panel"}
        panels[TimePanel] = "time_panel"
        for part in parts:
            if isinstance(part, (Container, View)):
                contents.append(part)
                continue
            attr = panels.get(type(part)) or next((a for t, a in panels.items() if isinstance(part, t)), None)
            if attr is None:
                raise ValueError(f"Unknown part type: {part}")
            if hasattr(self, attr):
                raise ValueError(f"Only one {attr.replace('_', ' ')} can be provided")
            setattr(self, attr, part)
        self.auto_views = auto_views
        self.auto_layout = auto_layout
        if not contents:
            # No content: `auto_layout` and `auto_views` default to True.
            if self.auto_views is None:
                self.auto_views = True
            if self.auto_layout is None:
                self.auto_layout = True
        elif len(contents) == 1:
            self.root_container = contents[0].to_container()
        else:
            self.root_container = Tabs(contents=contents)

    def to_blueprint(self) -> Blueprint:
        return self

    def save(self, application_id: str, path: Any = None) -> None:
        """Writes this blueprint alone to a file (`.rbl`; default `<application_id>.rbl`), as a
        blueprint store that makes itself active and default when opened."""
        from ..recording_stream import _save_blueprint

        _save_blueprint(application_id, self, f"{application_id}.rbl" if path is None else str(path))

    def connect_grpc(
        self,
        application_id: str,
        *,
        url: str | None = None,
        make_active: bool = True,
        make_default: bool = True,
    ) -> None:
        """Sends this blueprint alone to a viewer at `url` (default `rerun+http://127.0.0.1:9876/proxy`)."""
        from ..recording_stream import _blueprint_stream

        stream = _blueprint_stream(application_id, self)
        stream.connect_grpc(url)
        stream._rec.activate_blueprint(make_active, make_default)
        stream._close()

    def spawn(
        self,
        application_id: str,
        *,
        port: int = 9876,
        memory_limit: str = "75%",
        hide_welcome_screen: bool = False,
        detach_process: bool = True,
    ) -> None:
        """Starts a viewer on `port` (unless one listens there) and sends it this blueprint."""
        from .. import _grpc

        _grpc.spawn(
            port=port,
            connect=False,
            memory_limit=memory_limit,
            hide_welcome_screen=hide_welcome_screen,
            detach_process=detach_process,
        )
        self.connect_grpc(application_id, url=f"rerun+http://127.0.0.1:{port}/proxy")

    def _log_to_stream(self, stream: Any) -> None:
        root = getattr(self, "root_container", None)
        if root is not None:
            root._log_to_stream(stream)
        stream.log(
            "viewport",
            ViewportBlueprint(
                root_container=None if root is None else root.id.bytes,
                auto_layout=self.auto_layout,
                auto_views=self.auto_views,
            ),
        )
        if hasattr(self, "top_panel"):
            self.top_panel._log_to_stream(stream)
        for attr, cls in (
            ("blueprint_panel", BlueprintPanel),
            ("selection_panel", SelectionPanel),
            ("time_panel", TimePanel),
        ):
            if hasattr(self, attr):
                getattr(self, attr)._log_to_stream(stream)
            elif self.collapse_panels:
                cls(state="collapsed")._log_to_stream(stream)


BlueprintLike = Blueprint | View | Container


def _log_blueprint(blueprint: Any, stream: Any) -> None:
    """Logs a `BlueprintLike` (normalised with `to_blueprint()`) into a blueprint stream, at
    `blueprint` sequence 0 as rerun-sdk does: what `send_blueprint`, `default_blueprint=` and
    `Blueprint.save` send."""
    stream.set_time("blueprint", sequence=0)
    blueprint.to_blueprint()._log_to_stream(stream)
