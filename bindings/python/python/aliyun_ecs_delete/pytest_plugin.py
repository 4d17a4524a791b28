"""The `ecs_emulator` pytest fixture: a running `Emulator` with the built-in state, one per
test, registered through the package's `pytest11` entry point (installing the package is
enough)."""

from typing import Iterator

import pytest

from .emulator import Emulator


@pytest.fixture
def ecs_emulator() -> Iterator[Emulator]:
    """A local ECS endpoint for DeleteInstance / DeleteInstances, on 127.0.0.1, for this test."""
    with Emulator() as emulator:
        yield emulator
