"""Masking personal data for lists and logs: enough for an officer to tell reports apart, no more."""

from __future__ import annotations


def mask_name(name: str | None) -> str | None:
    """ "Nguyễn Văn An" -> "Nguyễn V. A." """
    if not name:
        return None
    parts = name.split()
    return " ".join([parts[0], *(f"{p[0]}." for p in parts[1:])])


def mask_phone(phone: str | None) -> str | None:
    """ "0905123456" -> "0905***456" """
    if not phone:
        return None
    return phone[:4] + "*" * max(len(phone) - 7, 0) + phone[-3:] if len(phone) > 7 else "***"
