"""View properties of the tensor, text-document, text-log and audio views."""

from __future__ import annotations

from ._declare import BlueprintArchetype, spec


class TensorScalarMapping(BlueprintArchetype):
    _SPEC = spec("mag_filter:MagnificationFilter colormap:Colormap gamma:GammaCorrection")


class TensorSliceSelection(BlueprintArchetype):
    _SPEC = spec(
        "width:TensorWidthDimension height:TensorHeightDimension indices:TensorDimensionIndexSelection "
        "slider:TensorDimensionIndexSlider"
    )


class TensorViewFit(BlueprintArchetype):
    _SPEC = spec("scaling^:ViewFit")


class TextDocumentFormat(BlueprintArchetype):
    _SPEC = spec("monospace:Enabled word_wrap:Enabled")


class TextLogColumns(BlueprintArchetype):
    _SPEC = spec("timeline_columns:TimelineColumn text_log_columns:TextLogColumn")


class TextLogFormat(BlueprintArchetype):
    _SPEC = spec("monospace_body:Enabled")


class TextLogRows(BlueprintArchetype):
    _SPEC = spec("filter_by_log_level:TextLogLevel")


class AudioPlayback(BlueprintArchetype):
    _SPEC = spec("volume:Volume")
