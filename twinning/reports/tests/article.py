"""The figures of the article's table, as each language writes them in a report."""

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
    "en": [
        "600 chiếc khẩu trang vải kháng khuẩn",
        "4,800,000 VND",
        "4.8 million VND",
        "1,500 chiếc khẩu trang vải kháng khuẩn",
        "12,000,000 VND",
        "30 cái quạt treo tường",
        "30 bộ",
        "1.5 km",
        "100%",
        "over 40%",
        "95%",
        "8 consecutive years",
    ],
    "ar": [
        "600",
        "4٬800٬000",
        "4٫8",
        "1٬500",
        "12٬000٬000",
        # Right-to-left text comes out of the PDF with its runs reordered ("%40"), so the
        # Arabic report is checked for the numbers and the words, not their order.
        "quạt treo tường",
        "30 bộ",
        "1٫5 km",
        "100",
        "40",
        "95%",
        "8",
    ],
}


def missing(text: str, language: str) -> list[str]:
    """Return the figures of the article the text does not state. Spaces are left out of the
    comparison: PDF text extraction puts some inside words ("liên t ục")."""
    flat = "".join(text.split())
    return [f for f in ARTICLE_FIGURES[language] if "".join(f.split()) not in flat]
