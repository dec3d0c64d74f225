"""The officer's catalog pages, the cycle form (a new cycle, a cycle changed), and the links
to the catalog's pages, in Chinese, Russian and Urdu (English is the key)."""

from __future__ import annotations

CYCLE_FORM_WORDS: dict[str, dict[str, str]] = {
    "New cycle": {"zh": "新建招生周期", "ru": "Новый набор", "ur": "نیا دور"},
    "Change the cycle": {"zh": "修改招生周期", "ru": "Изменить набор", "ur": "دور میں تبدیلی"},
    "Quota rules": {"zh": "配额规则", "ru": "Правила квот", "ur": "کوٹہ کے قواعد"},
}
