"""`McapSchema`, `McapChannel`, `McapStatistics`: MCAP file metadata (rerun.archetypes.Mcap*).

`McapStatistics.channel_message_counts` is logged as rerun-sdk 0.41 logs it: an empty batch,
with a warning when counts were given (rerun-sdk cannot serialize that component; see
`_shapes.ChannelMessageCountsShape`).
"""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class McapSchema(Archetype):
    _SPEC = (
        Field("id", c.SchemaIdBatch, required=True),
        Field("name", c.TextBatch, required=True),
        Field("encoding", c.TextBatch, required=True),
        Field("data", c.BlobBatch, required=True),
    )


class McapChannel(Archetype):
    _SPEC = (
        Field("id", c.ChannelIdBatch, required=True),
        Field("topic", c.TextBatch, required=True),
        Field("message_encoding", c.TextBatch, required=True),
        Field("metadata", c.KeyValuePairsBatch),
    )


class McapStatistics(Archetype):
    _SPEC = (
        Field("message_count", c.CountBatch, required=True),
        Field("schema_count", c.CountBatch, required=True),
        Field("channel_count", c.CountBatch, required=True),
        Field("attachment_count", c.CountBatch, required=True),
        Field("metadata_count", c.CountBatch, required=True),
        Field("chunk_count", c.CountBatch, required=True),
        Field("message_start_time", c.TimestampBatch, required=True),
        Field("message_end_time", c.TimestampBatch, required=True),
        Field("channel_message_counts", c.ChannelMessageCountsBatch),
    )
