"""The one exception every parser raises for a document it cannot read."""


class ParseError(Exception):
    """A document was refused. ``str(error)`` is ``FILE:LINE: what was expected``.

    ``line`` is 1-based and points at the line where the parser gave up (or the
    first line when the whole document is the problem, e.g. it is empty).
    """

    def __init__(self, filename: str, line: int, message: str):
        self.filename = filename
        self.line = max(1, int(line))
        self.message = message
        super().__init__(f"{filename}:{self.line}: {message}")
