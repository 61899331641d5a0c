"""The dataframe view's query and the table blueprints."""

from __future__ import annotations

from typing import Any

from ..datatypes import ComponentColumnSelector, FilterByRange, FilterIsNotNull, SelectedColumns
from ._declare import BlueprintArchetype, spec


class DataframeQuery(BlueprintArchetype):
    _SPEC = spec(
        "timeline:TimelineName filter_by_range:FilterByRange filter_is_not_null:FilterIsNotNull "
        "apply_latest_at:ApplyLatestAt select:SelectedColumns entity_order:ColumnOrder auto_scroll:AutoScroll"
    )

    def __init__(
        self,
        *,
        timeline: Any = None,
        filter_by_range: Any = None,
        filter_is_not_null: Any = None,
        apply_latest_at: bool = False,
        select: Any = None,
        entity_order: Any = None,
        auto_scroll: bool = False,
    ) -> None:
        """The dataframe view's query (rerun-sdk's keywords: `(start, end)` range, column specs)."""
        if isinstance(filter_by_range, tuple):
            filter_by_range = FilterByRange(*filter_by_range)
        if filter_is_not_null is not None:
            column = (
                ComponentColumnSelector(spec=filter_is_not_null)
                if isinstance(filter_is_not_null, str)
                else filter_is_not_null
            )
            filter_is_not_null = FilterIsNotNull(active=True, column=column)
        if select is not None and not isinstance(select, SelectedColumns):
            select = SelectedColumns(select)
        self._core(
            timeline=timeline,
            filter_by_range=filter_by_range,
            filter_is_not_null=filter_is_not_null,
            apply_latest_at=apply_latest_at,
            select=select,
            entity_order=entity_order,
            auto_scroll=auto_scroll,
        )


class CardLayout(BlueprintArchetype):
    _SPEC = spec("field_order!:ColumnName title:ColumnName link:ColumnName")


class TableBlueprint(BlueprintArchetype):
    _SPEC = spec(
        "layout:TableLayoutKind column_display_mode:ColumnDisplayMode filters:SqlFilterExpression sort_by:SortBy"
    )


class TableColumn(BlueprintArchetype):
    _SPEC = spec("name:Name editable:Editable visible:Visible column_type:ColumnType")


class TableColumnPreview(BlueprintArchetype):
    _SPEC = spec("views!:IncludedContent")


class TableLayout(BlueprintArchetype):
    _SPEC = spec("column_order:ColumnName")


class PreviewsConfig(BlueprintArchetype):
    _SPEC = spec(
        "timeline:TimelineName play_state:PlayState playback_speed:PlaybackSpeed start_point:TimelineFraction"
    )
