"""The officer's catalog pages, a cycle's programmes (list, new, changed), in Chinese, Russian and Urdu (English is the key)."""

from __future__ import annotations

PROGRAMME_FORM_WORDS: dict[str, dict[str, str]] = {}
