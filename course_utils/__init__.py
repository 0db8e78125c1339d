"""The course's helper package: `setup()` first, then the lesson.

Importing it stays light (no torch, transformers or huggingface_hub), so that `setup()`
can still choose the Hub settings those libraries read when they are first imported.
"""

from course_utils.startup import SetupReport, device, setup

__all__ = ["SetupReport", "device", "setup"]
