"""Report queries: the one package every page, document and export reads its figures from.

Each function takes records or querysets the caller already obtained through `access.py` and
returns plain data (dataclasses, dicts). The database does the adding up (GROUP BY); Python only
folds the groups that come back, so every function runs a fixed number of queries whatever the
number of activities or contributions.

What counts: contributions *delivered* to activities that were not cancelled make the totals;
pledges still waiting for delivery are reported apart ("pledged vs delivered"), since a report
that is ready to sign must not count a promise as a gift.

One module per section; `from twinning.reports.queries import X` reads any of them:

- common: what counts (DELIVERED, counting) and ValueSplit;
- totals: the totals of a set of activities, and a twinning's timeline;
- plans: plan versus actual;
- overview: the province overview, one row per twinning;
- statements: a contributor's statement;
- indicators: the commune's indicators and ethnic composition;
- public: the public pages and the open-data export;
- summaries: figures read from the summary kept exact on every write;
- report_parts: the pieces of a twinning report;
- issuers: who issues a report on a given day, and the commune as it is now;
- exports: the large exports' rows.
"""

from twinning.reports.queries.common import (
    CANCELLED,
    DELIVERED,
    PLEDGED,
    ValueSplit,
    counting,
    delivered_value_subquery,
)
from twinning.reports.queries.exports import (
    ACTIVITY_EXPORT_COLUMNS,
    CONTRIBUTION_EXPORT_COLUMNS,
    EXPORT_CHUNK_SIZE,
    export_activities,
    export_contributions,
)
from twinning.reports.queries.indicators import (
    EthnicShare,
    IndicatorPoint,
    IndicatorTrend,
    indicator_trends,
    latest_ethnic_composition,
)
from twinning.reports.queries.issuers import (
    ActingBody,
    MergedScope,
    acting_bodies,
    issuing_body,
    merged_scope,
    signer_name,
)
from twinning.reports.queries.overview import (
    OVERVIEW_SORTS,
    OverviewPage,
    ProgrammeTotal,
    overview_rows,
    programme_totals,
)
from twinning.reports.queries.plans import (
    ActivityLine,
    PlanItemActual,
    PlanVersusActual,
    done_item_ids,
    plan_versus_actual,
)
from twinning.reports.queries.public import (
    PublicActivity,
    PublicContributor,
    PublicGift,
    PublicTwinningRow,
    public_activities,
    public_contributions,
    public_contributors,
    public_photo,
    public_photos,
    public_programme_rows,
    public_timeline,
    public_totals,
)
from twinning.reports.queries.report_parts import (
    AppendixRow,
    BeneficiaryLine,
    ContributionRow,
    DonorRow,
    ItemRow,
    OutputRow,
    PlanYear,
    appendix_rows,
    beneficiary_lines,
    contribution_rows,
    donor_rows,
    item_rows,
    output_rows,
    plan_years,
)
from twinning.reports.queries.statements import (
    StatementLine,
    StatementTotals,
    StatementTwinningRow,
    StatementYearRow,
    statement_contributions,
    statement_lines,
    statement_totals,
)
from twinning.reports.queries.summaries import (
    ProgrammeScope,
    ProvinceSummary,
    ProvinceSummaryRow,
    SummaryTotals,
    TopContributor,
    province_summary,
    summary_totals,
    top_contributors,
    whole_programmes,
)
from twinning.reports.queries.totals import (
    BeneficiaryRow,
    CategoryRow,
    CategoryYearTable,
    Totals,
    YearRow,
    activity_timeline,
    activity_totals,
    activity_years,
    twinning_totals,
)

__all__ = [
    "ActingBody",
    "acting_bodies",
    "ACTIVITY_EXPORT_COLUMNS",
    "ActivityLine",
    "AppendixRow",
    "BeneficiaryLine",
    "BeneficiaryRow",
    "CANCELLED",
    "CONTRIBUTION_EXPORT_COLUMNS",
    "CategoryRow",
    "CategoryYearTable",
    "ContributionRow",
    "DELIVERED",
    "DonorRow",
    "EXPORT_CHUNK_SIZE",
    "EthnicShare",
    "IndicatorPoint",
    "IndicatorTrend",
    "ItemRow",
    "MergedScope",
    "OVERVIEW_SORTS",
    "OutputRow",
    "OverviewPage",
    "PLEDGED",
    "PlanItemActual",
    "PlanVersusActual",
    "PlanYear",
    "ProgrammeScope",
    "ProgrammeTotal",
    "ProvinceSummary",
    "ProvinceSummaryRow",
    "PublicActivity",
    "PublicContributor",
    "PublicGift",
    "PublicTwinningRow",
    "StatementLine",
    "StatementTotals",
    "StatementTwinningRow",
    "StatementYearRow",
    "SummaryTotals",
    "TopContributor",
    "Totals",
    "ValueSplit",
    "YearRow",
    "activity_timeline",
    "activity_totals",
    "activity_years",
    "appendix_rows",
    "beneficiary_lines",
    "contribution_rows",
    "counting",
    "delivered_value_subquery",
    "done_item_ids",
    "donor_rows",
    "export_activities",
    "export_contributions",
    "indicator_trends",
    "issuing_body",
    "item_rows",
    "latest_ethnic_composition",
    "merged_scope",
    "output_rows",
    "overview_rows",
    "plan_versus_actual",
    "plan_years",
    "programme_totals",
    "province_summary",
    "public_activities",
    "public_contributions",
    "public_contributors",
    "public_photo",
    "public_photos",
    "public_programme_rows",
    "public_timeline",
    "public_totals",
    "signer_name",
    "statement_contributions",
    "statement_lines",
    "statement_totals",
    "summary_totals",
    "top_contributors",
    "twinning_totals",
    "whole_programmes",
]
