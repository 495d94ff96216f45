"""Portrait uploads: checked with Pillow, stored without metadata, with resized renditions."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
RENDITION_WIDTHS = {"photo_small": 160, "photo_medium": 320}


def validate_photo(upload):
    """A ValidationError in plain words for anything but a JPEG, PNG or WebP image of sane size."""
    if upload.size > MAX_BYTES:
        raise ValidationError("The photo is larger than 5 MB: please upload a smaller file.")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError("The photo has far too many pixels to be processed safely.") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError("The file is not a readable JPEG, PNG or WebP image.") from error
    finally:
        upload.seek(0)
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(f"{image.format} images are not accepted: use JPEG, PNG or WebP.")
    if image.width * image.height > MAX_PIXELS:
        raise ValidationError("The photo is larger than 25 megapixels: please resize it first.")
    check_pixels(upload)


def check_pixels(upload):
    """Decode every pixel: verify() reads only headers and checksums, so damaged data passes it."""
    try:
        with Image.open(upload) as image:
            image.load()
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            "The photo is damaged: its pixels cannot be read. Export it again and upload the new file."
        ) from error
    finally:
        upload.seek(0)


def encode(image, image_format):
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, quality=85)  # no exif= argument: metadata is dropped
    return ContentFile(buffer.getvalue())


def store_without_metadata(photo, stem):
    """Re-encode an uploaded photo without EXIF (camera, GPS), upright; returns the image."""
    upload = photo.file
    upload.seek(0)
    with Image.open(upload) as source:
        image_format = source.format
        image = ImageOps.exif_transpose(source)
        image.load()
    photo.save(f"{stem}.{ALLOWED_FORMATS[image_format]}", encode(image, image_format), save=False)
    return image


def attach_renditions(member):
    """Re-encode member.photo without EXIF and fill the resized renditions beside it."""
    image = store_without_metadata(member.photo, member.slug)
    for field_name, width in RENDITION_WIDTHS.items():
        rendition = image.copy()
        rendition.thumbnail((width, width * 4))
        getattr(member, field_name).save(f"{member.slug}-{width}.webp", encode(rendition, "WEBP"), save=False)
