"""What a check reports: one fault, where it is, and what to do about it."""

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    BLOCK = "block"
    WARN = "warn"


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    field: str
    text: str
    message: str

    @property
    def blocks(self):
        return self.severity is Severity.BLOCK

    def __str__(self):
        quoted = f" “{self.text}”" if self.text else ""
        return f"{self.field}:{quoted} {self.message}"


def block(check, field, text, message):
    return Finding(check, Severity.BLOCK, field, text, message)


def warn(check, field, text, message):
    return Finding(check, Severity.WARN, field, text, message)


def knows(*languages):
    """Marks a check with the languages whose words it reads (language codes, as the editions'
    locales name them); a check marked with none reads no words and serves every language."""
    def mark(check):
        check.languages = languages
        return check

    return mark
