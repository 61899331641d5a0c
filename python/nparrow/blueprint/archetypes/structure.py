"""The blueprint's structure: viewport, containers, views, panels, visualizer instructions."""

from __future__ import annotations

from ._declare import BlueprintArchetype, spec


class ContainerBlueprint(BlueprintArchetype):
    _SPEC = spec(
        "container_kind!:ContainerKind display_name:Name contents:IncludedContent col_shares:ColumnShare "
        "row_shares:RowShare active_tab:ActiveTab visible:Visible grid_columns:GridColumns"
    )


class ViewBlueprint(BlueprintArchetype):
    _SPEC = spec(
        "class_identifier!:ViewClass display_name:Name space_origin:ViewOrigin visible:Visible titlebar:Enabled"
    )


class ViewContents(BlueprintArchetype):
    _SPEC = spec("query!:QueryExpression")


class ViewportBlueprint(BlueprintArchetype):
    _SPEC = spec(
        "root_container:RootContainer maximized:ViewMaximized auto_layout:AutoLayout auto_views:AutoViews "
        "past_viewer_recommendations:ViewerRecommendationHash"
    )


class PanelBlueprint(BlueprintArchetype):
    _SPEC = spec("state:PanelState")


class TimePanelBlueprint(BlueprintArchetype):
    _SPEC = spec(
        "state:PanelState timeline:TimelineName playback_speed:PlaybackSpeed fps:Fps play_state:PlayState "
        "loop_mode:LoopMode time_selection:AbsoluteTimeRange"
    )


class ActiveVisualizers(BlueprintArchetype):
    _SPEC = spec("instruction_ids!:VisualizerInstructionId")


class VisualizerInstruction(BlueprintArchetype):
    _SPEC = spec("visualizer_type!:VisualizerType component_map:VisualizerComponentMapping")


class EntityBehavior(BlueprintArchetype):
    _SPEC = spec("interactive:Interactive visible:Visible")
