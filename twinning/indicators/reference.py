"""Reference data every installation needs: Vietnam's 54 ethnic groups and the default indicators.

Ethnic groups carry the statistics office's codes (the list of 1979, still in use). "Chu-ru" and
"Chơ-ro" are two different groups: the article's Chu-ru is code 36.
"""

from __future__ import annotations

ETHNIC_GROUPS: list[tuple[str, str, str]] = [
    ("01", "Kinh", "Việt"),
    ("02", "Tày", ""),
    ("03", "Thái", ""),
    ("04", "Hoa", ""),
    ("05", "Khmer", "Khơ-me"),
    ("06", "Mường", ""),
    ("07", "Nùng", ""),
    ("08", "Mông", "H'Mông, Hmông"),
    ("09", "Dao", ""),
    ("10", "Gia-rai", "Jrai"),
    ("11", "Ngái", ""),
    ("12", "Ê-đê", "Êđê"),
    ("13", "Ba-na", "Bahnar"),
    ("14", "Xơ-đăng", ""),
    ("15", "Sán Chay", ""),
    ("16", "Cơ-ho", "K'ho, Cơ Ho"),
    ("17", "Chăm", "Chàm"),
    ("18", "Sán Dìu", ""),
    ("19", "Hrê", ""),
    ("20", "Mnông", "M'Nông"),
    ("21", "Raglai", "Ra-glai"),
    ("22", "Xtiêng", "Stiêng"),
    ("23", "Bru-Vân Kiều", ""),
    ("24", "Thổ", ""),
    ("25", "Giáy", ""),
    ("26", "Cơ-tu", ""),
    ("27", "Gié-Triêng", ""),
    ("28", "Mạ", ""),
    ("29", "Khơ-mú", ""),
    ("30", "Co", ""),
    ("31", "Tà-ôi", ""),
    ("32", "Chơ-ro", ""),
    ("33", "Kháng", ""),
    ("34", "Xinh-mun", ""),
    ("35", "Hà Nhì", ""),
    ("36", "Chu-ru", "Chu Ru"),
    ("37", "Lào", ""),
    ("38", "La Chí", ""),
    ("39", "La Ha", ""),
    ("40", "Phù Lá", ""),
    ("41", "La Hủ", ""),
    ("42", "Lự", ""),
    ("43", "Lô Lô", ""),
    ("44", "Chứt", ""),
    ("45", "Mảng", ""),
    ("46", "Pà Thẻn", ""),
    ("47", "Cờ Lao", "Co Lao"),
    ("48", "Cống", ""),
    ("49", "Bố Y", ""),
    ("50", "Si La", ""),
    ("51", "Pu Péo", ""),
    ("52", "Brâu", ""),
    ("53", "Ơ-đu", ""),
    ("54", "Rơ-măm", ""),
]

# code, Vietnamese name, English name, Arabic name, unit, higher_is_better
INDICATORS: list[tuple[str, str, str, str, str, bool]] = [
    ("population", "Dân số", "Population", "عدد السكان", "people", True),
    ("households", "Số hộ", "Households", "عدد الأسر", "households", True),
    (
        "ethnic_minority_share",
        "Tỷ lệ dân số là người dân tộc thiểu số",
        "Ethnic-minority share of the population",
        "نسبة الأقليات العرقية من السكان",
        "percent",
        True,
    ),
    (
        "poor_household_rate",
        "Tỷ lệ hộ nghèo",
        "Poor-household rate",
        "نسبة الأسر الفقيرة",
        "percent",
        False,
    ),
    (
        "near_poor_household_rate",
        "Tỷ lệ hộ cận nghèo",
        "Near-poor household rate",
        "نسبة الأسر القريبة من الفقر",
        "percent",
        False,
    ),
    (
        "poor_and_near_poor_rate",
        "Tỷ lệ hộ nghèo và cận nghèo",
        "Poor and near-poor households",
        "نسبة الأسر الفقيرة والقريبة من الفقر",
        "percent",
        False,
    ),
    (
        "households_with_electricity",
        "Tỷ lệ hộ sử dụng điện",
        "Households with electricity",
        "نسبة الأسر الحاصلة على الكهرباء",
        "percent",
        True,
    ),
    (
        "hygienic_water",
        "Tỷ lệ hộ dùng nước hợp vệ sinh",
        "Households with hygienic water",
        "نسبة الأسر التي تستخدم مياهًا صحية",
        "percent",
        True,
    ),
    (
        "solid_classrooms",
        "Tỷ lệ phòng học kiên cố",
        "Solidly built classrooms",
        "نسبة الفصول الدراسية المبنية بشكل متين",
        "percent",
        True,
    ),
    (
        "paved_road_to_centre",
        "Đường đến trung tâm xã được cứng hóa",
        "Paved road to the commune centre",
        "طريق معبد إلى مركز البلدية",
        "met",
        True,
    ),
    (
        "ntm_criterion_4_electricity",
        "Tiêu chí số 4 (điện nông thôn)",
        "New-rural criterion 4 (rural electricity)",
        "المعيار رقم 4 (كهرباء الريف)",
        "met",
        True,
    ),
    (
        "ntm_criterion_7_commerce",
        "Tiêu chí số 7 (cơ sở hạ tầng thương mại nông thôn)",
        "New-rural criterion 7 (rural commerce)",
        "المعيار رقم 7 (البنية التجارية الريفية)",
        "met",
        True,
    ),
]


def load_reference_data(ethnic_group_model, indicator_model) -> None:
    """Create or update the ethnic groups and default indicators (idempotent)."""
    for code, name, other in ETHNIC_GROUPS:
        ethnic_group_model.objects.update_or_create(
            code=code, defaults={"name": name, "other_names": other}
        )
    for position, (code, name, name_en, name_ar, unit, higher) in enumerate(INDICATORS):
        indicator_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "name_ar": name_ar,
                "unit": unit,
                "higher_is_better": higher,
                "position": position,
            },
        )
