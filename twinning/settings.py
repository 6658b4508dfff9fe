"""Settings for Twinning: one module, configured only through environment variables.

TWINNING_MODE selects the profile:
- development (default): DEBUG on, no configuration needed, SQLite under var/.
- demo: what `make demo` serves; DEBUG off, static files from whitenoise, demo accounts allowed.
- production: refuses to start without SECRET_KEY and ALLOWED_HOSTS; HTTPS-only cookies, HSTS.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from twinning import bundle
from twinning.env import env_bool, env_choice, env_int, env_list, env_map, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
# Data (SQLite file, secret key, static and media files) lives in var/: beside the code in a
# checkout, in the working directory when installed from the wheel (never in site-packages).
CHECKOUT = (PROJECT_DIR / "pyproject.toml").is_file()
VAR_DIR = Path(env_str("TWINNING_VAR_DIR", str((PROJECT_DIR if CHECKOUT else Path.cwd()) / "var")))
# The import and export workers this process starts must find the same folder wherever they run.
os.environ.setdefault("TWINNING_VAR_DIR", str(VAR_DIR))

MODE = env_choice("TWINNING_MODE", ("development", "demo", "production"), "development")
PRODUCTION = MODE == "production"
DEMO = MODE == "demo"

DEBUG = env_bool("DEBUG", default=MODE == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when TWINNING_MODE=production.")


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, or (outside production) one kept in var/."""
    key = env_str("SECRET_KEY", required=PRODUCTION)
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long in production.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when TWINNING_MODE=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_htmx",
    # django-ninja: its templates and static files serve the API docs without a CDN.
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "twinning.core",
    "twinning.sources",
    "twinning.geo",
    "twinning.organisations",
    "twinning.programmes",
    "twinning.activities",
    "twinning.indicators",
    "twinning.accounts",
    "twinning.reports",
    "twinning.demo",
    "twinning.imports",
    "twinning.api",
    "twinning.locks",
    "twinning.public",
    "twinning.iati",
    "twinning.reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "twinning.accounts.middleware.TwoFactorMiddleware",
    "twinning.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "twinning.locks.middleware.YearLockedMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the sign-in view's response and can turn a lockout into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "twinning.urls"
WSGI_APPLICATION = "twinning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "twinning.core.context_processors.site",
            ],
        },
    }
]

# Database: SQLite in var/ unless DATABASE_URL names another (PostgreSQL for a province).
# Connections are kept for CONN_MAX_AGE seconds (and checked before reuse) rather than opened for
# every request: opening one cost a PostgreSQL backend start, or SQLite's pragmas and collation.
_database_url = env_str("DATABASE_URL")
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60, minimum=0)
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "twinning.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
                # when a transaction starts, so two writers queue (busy timeout) instead of
                # failing half-way with "database is locked".
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("SQLITE_TIMEOUT", 20, minimum=1),
            },
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory for one process, Redis when several processes share the work.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# A working day; the session ends with the browser too, so a shared office computer forgets it.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Sign-in lockout (django-axes): 5 failures for one user name from one address lock that pair out
# for AXES_COOLOFF_MINUTES. The standalone backend only checks the lockout; ModelBackend signs in.
AUTHENTICATION_BACKENDS = [
    "twinning.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "twinning.accounts.signin.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# Behind a reverse proxy the client's address is in X-Forwarded-For; count the proxies here.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0, minimum=0) or None
AXES_VERBOSE = False

# Two-factor sign-in (TOTP, django-otp): optional for everyone, required for the roles listed
# here (in production by default the administrators and the province overseers).
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Twinning")
TWO_FACTOR_REQUIRED_ROLES = env_list(
    "TWO_FACTOR_REQUIRED_ROLES", ["administrator", "province_overseer"] if PRODUCTION else []
)

# Languages: Vietnamese first (the fallback), English, Arabic (right-to-left).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's own vi formats read "05/03/2020" as 3 May and group no thousands: ours override them.
FORMAT_MODULE_PATH = ["twinning.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from npm (package.json, its lock) and are served by the app itself:
# from node_modules in a checkout, from the copy the wheel carries when installed (bundle.py).
STATICFILES_DIRS = [
    BASE_DIR / "static",  # the project's own stylesheets and scripts (twinning/static/twinning/)
    *bundle.staticfiles_dirs(),
]
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Uploaded files (attachments, import files, large exports) go through the default storage: a
# folder under MEDIA_ROOT, or, with S3_BUCKET set, S3-compatible object storage (AWS, MinIO, a
# Vietnamese cloud) shared by every app process. Files are always served through the app's
# access-checked views, never by a public link.
S3_BUCKET = env_str("S3_BUCKET", "")
DEFAULT_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("S3_SECRET_KEY", "") or None,
            "location": env_str("S3_PREFIX", ""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail (reminders): printed to the console until EMAIL_HOST names an SMTP server. Port 587 with
# STARTTLS (EMAIL_USE_TLS) or 465 with implicit TLS (EMAIL_USE_SSL) unless EMAIL_PORT says.
_email_host = env_str("EMAIL_HOST", "").strip()
EMAIL_HOST = _email_host or "localhost"
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if _email_host
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS (STARTTLS, usually port 587) and EMAIL_USE_SSL (implicit TLS, usually "
        "port 465) exclude each other: set one of them."
    )
EMAIL_PORT = env_int(
    "EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25, minimum=1, maximum=65535
)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
if bool(EMAIL_HOST_USER) != bool(EMAIL_HOST_PASSWORD):
    raise ImproperlyConfigured("EMAIL_HOST_USER and EMAIL_HOST_PASSWORD must be set together.")
if not (EMAIL_HOST_USER + EMAIL_HOST_PASSWORD).isascii():
    # Python's SMTP client sends AUTH as ASCII: a letter such as "ậ" would fail at the first mail.
    raise ImproperlyConfigured("EMAIL_HOST_USER and EMAIL_HOST_PASSWORD must be ASCII.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "twinning@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The address of the site, for the links in reminders (https://twinning.example.gov.vn).
SITE_URL = env_str("SITE_URL", "")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy, in every mode so that pages are built for it from the start: every
# script and stylesheet is a file served by the app (no inline script, no inline style, no CDN);
# images may be data: URIs (Bootstrap's icons in its CSS). HTMX's indicator style is switched
# off by a <meta name="htmx-config"> in base.html, so style-src needs no 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Personal data (Law 91/2025/QH15): named recipients are anonymised this many years after the
# support they received (`twinning anonymise_recipients`, run daily). docs/privacy.md says why.
RECIPIENT_RETENTION_YEARS = env_int("RECIPIENT_RETENTION_YEARS", 5, minimum=1)

# Demo accounts may be created only in the demo and in development, never in production.
DEMO_ACCOUNTS_ALLOWED = not PRODUCTION

# Spreadsheet imports (twinning/imports): limits, and how large files run in the background.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000, minimum=1)
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int(
    "IMPORT_MAX_UNCOMPRESSED_BYTES", 400 * 1024 * 1024, minimum=1
)
IMPORT_MAX_ERRORS_SHOWN = 500
IMPORT_CHUNK_SIZE = 2000
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 256 * 1024, minimum=0)
IMPORT_INLINE_MAX_ROWS = env_int("IMPORT_INLINE_MAX_ROWS", 2000, minimum=0)
# "subprocess": the web process starts `twinning run_import <id>`; "manual": a timer runs
# `twinning run_import --pending`.
IMPORT_WORKER = env_choice("IMPORT_WORKER", ("subprocess", "manual"), "subprocess")

# Large exports (twinning/reports/export_jobs.py) run like imports: "subprocess" starts
# `twinning run_export <id>`, "manual" leaves them to `twinning run_export --pending` on a timer,
# "inline" runs them in the request (tests). Their files are deleted after this many days.
EXPORT_WORKER = env_choice("EXPORT_WORKER", ("subprocess", "manual", "inline"), IMPORT_WORKER)
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7, minimum=1)

# IATI export (twinning/iati, docs/iati.md). Organisation identifiers registered with an
# agency of IATI's OrganisationRegistrationAgency list, by organisation short address:
# "so-cong-thuong-lam-dong=VN-COA-...,cong-ty-x=...". Other organisations are named without a
# reference; a reporting organisation without one gets IATI_IDENTIFIER_PREFIX-<short address>,
# a placeholder that the file checks warn about until the body is registered.
IATI_ORGANISATION_IDENTIFIER_PATTERN = r"[A-Z]{2}-[A-Z0-9_]+-[A-Za-z0-9._:-]+"
IATI_ORGANISATION_IDENTIFIERS = env_map(
    "IATI_ORGANISATION_IDENTIFIERS", value_pattern=IATI_ORGANISATION_IDENTIFIER_PATTERN
)
IATI_IDENTIFIER_PREFIX = env_str("IATI_IDENTIFIER_PREFIX", "XX-TWINNING")
if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:-]*", IATI_IDENTIFIER_PREFIX):
    raise ImproperlyConfigured(
        f"IATI_IDENTIFIER_PREFIX={IATI_IDENTIFIER_PREFIX!r}: letters, digits, '.', '_', ':' "
        "and '-' only."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "twinning": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "twinning.privacy": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
