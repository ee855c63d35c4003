"""What the upload tests' `dateline shell` subprocesses do: proof one picture in a process of
its own, so that its peak memory is the proof's alone, and print the outcome as JSON."""

import json
import sys

from django.core.exceptions import ValidationError

from dateline.news.picture_desk import proof_picture
from tests.security.hostile_images import camera_photo, striped_png
from tests.security.test_uploads import peak_memory_rise

PICTURES = {
    "deep_png.png": lambda: striped_png(16_383, 3_906, bit_depth=16),
    "camera_photo.jpg": lambda: camera_photo(6_000, 4_000),
}


def measure_proofing(name):
    picture = PICTURES[name]()  # made before measuring: the bytes are the test's, not the proof's

    def proof():
        try:
            proof_picture(picture, name)
        except ValidationError as refusal:
            return refusal.messages
        return []

    rise, refusals = peak_memory_rise(proof)
    sys.stdout.write(json.dumps({"refusals": refusals, "peak_memory_rise": rise}) + "\n")
