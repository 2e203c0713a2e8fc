"""Errors of the PDF layer, each with a message a person can act on."""


class PdfError(Exception):
    """The file cannot be read as a PDF; ``str(error)`` is one line for documents.error."""


class PasswordRequired(PdfError):
    pass
