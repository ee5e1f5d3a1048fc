"""ggzy settings — one module, driven by environment variables (see README "Configuration")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from ggzy.portal.sso.keys import lazy_private_key_pem

BASE_DIR = Path(__file__).resolve().parent.parent  # src/ggzy
PROJECT_DIR = BASE_DIR.parent.parent  # repository root when run from a checkout
VAR_DIR = Path(os.environ.get("GGZY_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("GGZY_DEBUG", False)
SECRET_KEY = os.environ.get("GGZY_SECRET_KEY", "").strip()
# Outside debug there is no public fallback: a known key would let anyone forge sessions and reset links.
# Serving (WSGI/ASGI, `ggzy serve`) and the worker refuse to start without it (ggzy.core.startup); tools that
# sign nothing the server trusts (`ggzy redflags scan`, `ggzy bidder`, `ggzy experts verify-draw`) still run,
# with a random key for that process only. `make demo`/`make run` keep a random key in var/secret-key; pytest
# sets one in pyproject (pytest-env).
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    SECRET_KEY = secrets.token_urlsafe(50) if SECRET_KEY_MISSING else "insecure-development-key-change-me"  # noqa: S105
ALLOWED_HOSTS = [
    h for h in os.environ.get("GGZY_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GGZY_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Training clock (sealed-bids spec §6): never enabled in production.
GGZY_ALLOW_CLOCK = env_bool("GGZY_ALLOW_CLOCK", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ggzy.core",
    "ggzy.parties",
    "ggzy.catalog",
    "ggzy.portal",
    "oauth2_provider",  # the portal as OpenID Connect provider (docs/sso.md)
    "ggzy.portal.sso",
    "ggzy.trading.tendering",
    "ggzy.trading.evaluation",
    "ggzy.hub.experts",
    "ggzy.hub.publication",
    "ggzy.hub.venues",
    "ggzy.hub.archives",
    "ggzy.supervision.exchange",
    "ggzy.supervision.redflags",
    "ggzy.supervision.statistics",
    "ggzy.supervision.filing",
    "ggzy.supervision.powers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ggzy.portal.middleware.PortalLocaleMiddleware",  # zh-Hans unless the visitor chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ggzy.core.request_edge.RequestEdgeMiddleware",  # control characters, oversized forms: refused before any view
    "ggzy.core.web.GgzyErrorPageMiddleware",  # a GgzyError escaping an HTML view: the one branded page
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ggzy.core.middleware.RequestContextMiddleware",
    "ggzy.parties.middleware.PasswordChangeRequiredMiddleware",  # temporary password: change it first
]

ROOT_URLCONF = "ggzy.config.urls"
WSGI_APPLICATION = "ggzy.config.wsgi.application"
ASGI_APPLICATION = "ggzy.config.asgi.application"

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
                "ggzy.portal.context.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ggzy.sqlite3'}"),
        conn_max_age=int(os.environ.get("GGZY_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web process and the worker write the same file. synchronous stays FULL:
    # a receipt handed to a bidder must survive a power cut (NORMAL could lose the last commits).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "parties.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/workbench/"
LOGOUT_REDIRECT_URL = "/"

# Single sign-on (docs/sso.md): the portal is an OpenID Connect provider for the sub-platforms.
# Issuer = GGZY_OIDC_ISSUER (the site's origin, e.g. https://www.ggzy.sh.cn) or, unset, derived from the
# request; id_tokens signed RS256 with the key in GGZY_OIDC_RSA_KEY_FILE (else VAR_DIR/keys/oidc-rs256.pem).
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": os.environ.get("GGZY_OIDC_ISSUER", "").rstrip("/"),
    "OIDC_RSA_PRIVATE_KEY": lazy_private_key_pem(),
    "OAUTH2_VALIDATOR_CLASS": "ggzy.portal.sso.validators.GgzyOAuth2Validator",
    "SCOPES": {"openid": "登录身份（姓名、角色、所属主体）", "profile": "基本资料"},
    "DEFAULT_SCOPES": ["openid"],
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,  # S256 only
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "REQUEST_APPROVAL_PROMPT": "auto",
    "ROTATE_REFRESH_TOKEN": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("GGZY_OIDC_ACCESS_TOKEN_SECONDS", "600")),
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"  # named for migrations that point at it

# Login throttling: failures per (username) and per IP within the window lock further attempts.
GGZY_LOGIN_MAX_FAILURES = int(os.environ.get("GGZY_LOGIN_MAX_FAILURES", "5"))
GGZY_LOGIN_WINDOW_SECONDS = int(os.environ.get("GGZY_LOGIN_WINDOW_SECONDS", "900"))
GGZY_API_TOKEN_TTL_HOURS = int(os.environ.get("GGZY_API_TOKEN_TTL_HOURS", "12"))  # a working day

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it; collectstatic fills it in production
MEDIA_ROOT = Path(os.environ.get("GGZY_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Security headers. Production (DEBUG off) gets secure cookies and HSTS unless GGZY_INSECURE_HTTP=1
# (local demo over plain http://127.0.0.1).
INSECURE_HTTP = env_bool("GGZY_INSECURE_HTTP", DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not INSECURE_HTTP:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GGZY_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("GGZY_SSL_REDIRECT", False)  # usually done by the TLS proxy
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GGZY_LOG_LEVEL", "WARNING")},
}

# Audit sealing: the worker seals new audit records into a Merkle batch this often.
GGZY_AUDIT_SEAL_INTERVAL_SECONDS = int(os.environ.get("GGZY_AUDIT_SEAL_INTERVAL_SECONDS", "10"))
# Electronic archives (docs/archives.md): bags under this folder; the worker re-checks each bag this often.
GGZY_ARCHIVE_ROOT = Path(os.environ.get("GGZY_ARCHIVE_ROOT", VAR_DIR / "archives"))
GGZY_ARCHIVE_FIXITY_DAYS = int(os.environ.get("GGZY_ARCHIVE_FIXITY_DAYS", "30"))
GGZY_WORKER_POLL_SECONDS = float(os.environ.get("GGZY_WORKER_POLL_SECONDS", "2"))
WHITENOISE_USE_FINDERS = True
# Only behind a reverse proxy that sets X-Forwarded-For itself: the audit trail records that IP.
GGZY_TRUST_X_FORWARDED_FOR = env_bool("GGZY_TRUST_X_FORWARDED_FOR", False)

# Supervision: a red-flag score at or above this becomes an alert for the category's regulator.
GGZY_ALERT_THRESHOLD = float(os.environ.get("GGZY_ALERT_THRESHOLD", "0.6"))
# 备案审核: a sub-platform's mean 数据质量考核 score (0–100) over the last N months must reach this to be approved.
GGZY_FILING_MIN_QUALITY = float(os.environ.get("GGZY_FILING_MIN_QUALITY", "60"))
GGZY_FILING_QUALITY_MONTHS = int(os.environ.get("GGZY_FILING_QUALITY_MONTHS", "3"))
# OCDS ocid prefix of the platform's own data (sub-platforms push under their own registered prefixes).
GGZY_OCID_PREFIX = os.environ.get("GGZY_OCID_PREFIX", "ocds-ggzysh")
# Largest sealed-bid upload accepted (bytes); the bid endpoint reads its own body with this limit.
GGZY_BID_MAX_BYTES = int(os.environ.get("GGZY_BID_MAX_BYTES", str(64 * 1024 * 1024)))
GGZY_BID_MAX_SUBMISSIONS_PER_SECTION = int(os.environ.get("GGZY_BID_MAX_SUBMISSIONS_PER_SECTION", "5"))
GGZY_MAX_CONCURRENT_UPLOADS = int(os.environ.get("GGZY_MAX_CONCURRENT_UPLOADS", "4"))
GGZY_RETRACTED_ENVELOPE_RETENTION_YEARS = int(os.environ.get("GGZY_RETRACTED_ENVELOPE_RETENTION_YEARS", "15"))
GGZY_DRAFTS_PER_ACTOR_PER_HOUR = int(os.environ.get("GGZY_DRAFTS_PER_ACTOR_PER_HOUR", "30"))
GGZY_LOGIN_MAX_FAILURES_PER_IP = int(
    os.environ.get("GGZY_LOGIN_MAX_FAILURES_PER_IP", str(4 * GGZY_LOGIN_MAX_FAILURES))
)
GGZY_REGISTER_MAX_PER_IP_PER_HOUR = int(os.environ.get("GGZY_REGISTER_MAX_PER_IP_PER_HOUR", "60"))
# Anonymous public pages (home, 信息公开, notices, feed): cached until the next publish, at most this long,
# and the Cache-Control max-age browsers get (docs/portal.md). 0 turns the page cache off.
GGZY_PUBLIC_CACHE_SECONDS = int(os.environ.get("GGZY_PUBLIC_CACHE_SECONDS", "60"))
# Audit sealing waits this long for records of transactions still open (docs/adr/0001-audit-chain.md).
GGZY_AUDIT_LATE_WINDOW_SECONDS = int(os.environ.get("GGZY_AUDIT_LATE_WINDOW_SECONDS", "86400"))

# Expert drawing (docs/experts.md).
GGZY_EXPERT_DRAW_LEAD_HOURS = int(os.environ.get("GGZY_EXPERT_DRAW_LEAD_HOURS", "48"))
GGZY_EXPERT_DRAW_MIN_NOTICE_MINUTES = int(os.environ.get("GGZY_EXPERT_DRAW_MIN_NOTICE_MINUTES", "60"))
GGZY_EXPERT_CONFIRM_MINUTES = int(os.environ.get("GGZY_EXPERT_CONFIRM_MINUTES", "30"))
GGZY_EXPERT_BUYER_FREQUENCY_LIMIT = int(os.environ.get("GGZY_EXPERT_BUYER_FREQUENCY_LIMIT", "3"))
