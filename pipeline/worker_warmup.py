"""What every conversion worker would otherwise load on its first file, loaded once in the fork
server the workers are forked from (pipeline.isolation): the PDF backends and the libraries they
import when first asked (pdfminer, PIL, wordfreq), and the common-word table of Danish.

Imported only for these effects: the fork server imports it before it forks a worker, and a
worker forked from it starts with all of it in place (a second of imports and loading on a busy
two-core machine, once per worker before).
"""

from __future__ import annotations

import pdfminer.cmapdb  # noqa: F401 - fonts' ToUnicode, read when asked
import pdfminer.pdfdocument  # noqa: F401
import pdfminer.pdfinterp  # noqa: F401
import pdfminer.pdfpage  # noqa: F401
import pdfminer.pdfparser  # noqa: F401
import PIL.Image  # noqa: F401 - smiley images

from extractors.pdf import pdfium_backend, pdfplumber_backend  # noqa: F401
from extractors.pdf.layout.lexicon import is_common_word

# The table of a language loads on its first word (once per process); the corpus is Danish.
is_common_word("kommune", "da")
