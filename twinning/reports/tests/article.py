"""The figures of the article's table, as each language writes them in a report."""

import unicodedata

ARTICLE_FIGURES = {
    "vi": [
        "600 chiếc khẩu trang vải kháng khuẩn",
        "4.800.000 đồng",
        "4,8 triệu đồng",
        "1.500 chiếc khẩu trang vải kháng khuẩn",
        "12.000.000 đồng",
        "30 cái quạt treo tường",
        "30 bộ",
        "1,5 km",
        "100%",
        "trên 40%",
        "95%",
        "8 năm",
        "từ năm 2016 đến năm 2023",
    ],
    # Names entered in Vietnamese stay as entered; units and counts are translated.
    "en": [
        "Khẩu trang vải kháng khuẩn, 600 pieces",
        "4,800,000 VND",
        "4.8 million VND",
        "Khẩu trang vải kháng khuẩn, 1,500 pieces",
        "12,000,000 VND",
        "Quạt treo tường, 30 pieces",
        "30 sets",
        "1.5 km",
        "100%",
        "over 40%",
        "95%",
        "8 consecutive years",
    ],
    "ar": [
        "600 قطعة",
        "4٬800٬000",
        "4٫8 مليون دونغ",
        "1٬500 قطعة",
        "12٬000٬000",
        "Quạt treo tường",
        "30 مجموعة",
        "1٫5 كم",
        "100",
        "أكثر من",
        "95",
        "8 سنوات متتالية",
    ],
}


def flat(text: str) -> str:
    """Return the text without spaces and without the invisible marks of direction (LRM,
    isolates) that documents put around names in Arabic."""
    return "".join(ch for ch in "".join(text.split()) if unicodedata.category(ch) != "Cf")


def missing(text: str, language: str) -> list[str]:
    """Return the figures of the article the text does not state. Spaces are left out of the
    comparison: PDF text extraction puts some inside words ("liên t ục")."""
    found = flat(text)
    return [f for f in ARTICLE_FIGURES[language] if flat(f) not in found]
