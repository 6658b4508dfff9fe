"""Fill the bench's data database (run with the environment naming it): migrate, load the demo
twinning (for the Word report), generate the synthetic data, check the summary of totals, and
create the bench's users and API tokens. Prints a JSON stamp on its last line of output."""

from __future__ import annotations

import json
import sys
import time

from bench.common import django_setup

PASSWORD = "bench-synthetic-only-7Qx"


def main(scale: str, seed: int) -> dict:
    django_setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from twinning.api.models import ApiToken
    from twinning.api.tokens import create_token
    from twinning.demo.loader import load_demo
    from twinning.demo.synthetic import generate
    from twinning.geo.models import AdminUnit
    from twinning.organisations.models import Membership, Organisation, Role
    from twinning.programmes.models import Twinning
    from twinning.reports import summary

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    demo = load_demo()
    migrated = time.monotonic() - started

    started = time.monotonic()
    counts = generate(scale, seed, verbose=True)
    generated = time.monotonic() - started

    started = time.monotonic()
    differences = summary.differences()
    checked = time.monotonic() - started
    if differences:
        raise SystemExit(f"The summary differs from the base tables: {differences[:5]}")

    with transaction.atomic():
        prefix = f"syn-{scale}-{seed}-"
        first = Twinning.objects.select_related("sponsor", "programme__province").get(
            slug=f"{prefix}1"
        )
        country = AdminUnit.objects.filter(level="country").first()
        if country is None:
            country = AdminUnit.objects.create(code="VN", name="Việt Nam", level="country")
        ministry = Organisation.objects.create(
            name="[TH] Cơ quan theo dõi toàn quốc",
            kind="other",
            admin_unit=country,
            provenance="synthetic",
            slug=f"{prefix}national",
        )

        def make_user(username, organisation, role):
            user = get_user_model().objects.create_user(username=username, password=PASSWORD)
            Membership.objects.create(user=user, organisation=organisation, role=role)
            return user

        users = {
            "coordinator": make_user("bench-coordinator", first.sponsor, Role.COORDINATOR),
            "overseer": make_user("bench-overseer", first.sponsor, Role.PROVINCE_OVERSEER),
            "national": make_user("bench-national", ministry, Role.PROVINCE_OVERSEER),
        }
        tokens = {
            "coordinator_write": create_token(
                users["coordinator"], "bench", scope=ApiToken.Scope.WRITE
            ).secret,
            "national_read": create_token(users["national"], "bench").secret,
        }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "scale": scale,
        "seed": seed,
        "vendor": connection.vendor,
        "migrate_seconds": round(migrated, 1),
        "generate_seconds": round(generated, 1),
        "summary_check_seconds": round(checked, 1),
        "summary_exact": True,
        "counts": counts,
        "password": PASSWORD,
        "users": {role: user.username for role, user in users.items()},
        "tokens": tokens,
        "twinning": first.slug,
        "programme_id": first.programme_id,
        "demo_twinning": demo.slug,
    }


if __name__ == "__main__":
    stamp = main(sys.argv[1], int(sys.argv[2]))
    print(json.dumps(stamp))
