"""The officer's catalog pages, a cycle's quota rules (list, new, changed, removed), in Chinese, Russian and Urdu (English is the key)."""

from __future__ import annotations

QUOTA_RULE_FORM_WORDS: dict[str, dict[str, str]] = {}
