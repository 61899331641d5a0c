"""Fixtures of the gRPC tests (helpers live in grpc_harness.py)."""

from grpc_harness import receiver  # noqa: F401  (a fixture)
