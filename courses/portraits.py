"""Generated portraits for the sample faculty: abstract figures, never photos of real people."""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

SIZE = 480
PALETTE = ["#0b5cad", "#2b7a78", "#7a4988", "#a4552a", "#3d5a80", "#5c7a29", "#8a3b4f"]


def generate_portrait(name):
    """A PNG of a head-and-shoulders silhouette in colors derived from the name."""
    digest = hashlib.sha256(name.encode()).digest()
    background = PALETTE[digest[0] % len(PALETTE)]
    figure = PALETTE[(digest[1] % (len(PALETTE) - 1) + 1 + digest[0]) % len(PALETTE)]
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((SIZE * 0.15, SIZE * 0.62, SIZE * 0.85, SIZE * 1.3), fill=figure)
    draw.ellipse(
        (SIZE * 0.32, SIZE * 0.18, SIZE * 0.68, SIZE * 0.58), fill="#f1e3d3", outline=figure, width=8
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="portrait.png")
