"""What the archive tells the apps above it, which it must not import.

`media_stored(media=…)` is sent inside the transaction once a new file and its
display and thumbnail images are stored; memoria.iiif makes the deep-zoom
tiles then. A receiver that fails makes the whole upload fail.
"""

from django.dispatch import Signal

media_stored = Signal()
