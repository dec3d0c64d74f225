"""What a scholarship place pays for (``shared.events.catalog.AwardCover``), in the four
languages: one table for the portal's pages and the notifications service's offer, so a
programme's card and its offer's e-mail word a cover alike."""

from __future__ import annotations

COVER_WORDS: dict[str, dict[str, str]] = {
    "tuition": {"en": "tuition", "zh": "学费", "ru": "обучение", "ur": "ٹیوشن فیس"},
    "accommodation": {"en": "accommodation", "zh": "住宿", "ru": "проживание", "ur": "رہائش"},
    "stipend": {"en": "a stipend", "zh": "生活费", "ru": "стипендия", "ur": "وظیفہ"},
    "insurance": {"en": "health insurance", "zh": "医疗保险", "ru": "медицинская страховка", "ur": "طبی بیمہ"},
    "travel": {"en": "travel", "zh": "往返旅费", "ru": "проезд", "ur": "سفری اخراجات"},
}
