"""Every name and limit the CDK app uses, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hard_e.ids import TENANT_ID_LENGTH
from hard_e.storage.table import GSI1, GSI1_PK, GSI1_SK, PK, SK, TTL_ATTRIBUTE

# --- layout -------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS_SUBDIR = "functions"  # functions/<name>/handler.py
PACKAGE_SUBDIR = "shared/hard_e"  # the core library every bundle ships
BUILD_DIR = ROOT / "build" / "lambda"
LAYER_DIR_NAME = "layer"  # build/lambda/layer/python/...
CDK_OUT_DIR = ROOT / "cdk.out"
CDK_JSON = ROOT / "cdk.json"

# --- app ----------------------------------------------------------------------------
APP_NAME = "hard-e"
DATA_STACK_NAME = "HardE-Data"
API_STACK_NAME = "HardE-Api"
TAGS = {"project": APP_NAME}

# --- Lambda runtime -----------------------------------------------------------------
# arm64 (Graviton) is cheaper per GB-second; the asset builder fetches wheels to match.
# The python3.11 runtime runs on Amazon Linux 2 (glibc 2.26): wheels tagged manylinux2014
# (glibc 2.17) or manylinux_2_26 both load there (rapidfuzz 3.14 ships only the latter).
# infra.features.api_function checks its Runtime/Architecture against these names.
PYTHON_VERSION = "3.11"
LAMBDA_ARCHITECTURE = "arm64"
PIP_PLATFORMS = ("manylinux_2_26_aarch64", "manylinux2014_aarch64")
HANDLER = "handler.handler"
LOG_RETENTION = "ONE_MONTH"  # a member name of aws_logs.RetentionDays
LOG_LEVEL = "INFO"
POWERTOOLS_SERVICE_NAME = APP_NAME
POWERTOOLS_METRICS_NAMESPACE = "HardE"

# --- table schema (owned by hard_e.storage.table; re-exported for the stacks) -------
TABLE_PARTITION_KEY = PK
TABLE_SORT_KEY = SK
TABLE_TTL_ATTRIBUTE = TTL_ATTRIBUTE
GSI1_NAME = GSI1
GSI1_PARTITION_KEY = GSI1_PK
GSI1_SORT_KEY = GSI1_SK

# What the DynamoDB adapter calls (get/put/delete/query/update). No Scan, no table admin.
DYNAMODB_ACTIONS = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
)

# --- documents bucket ---------------------------------------------------------------
# Uploads go straight from the browser to S3 with presigned POST; the signature is the
# access control, CORS only lets the browser read the answer. The origins of the web app
# (its CloudFront or custom domain): `-c hard-e:cors-origins=https://app.example.com,...`;
# the same list is the API's CORS policy. "*" only with `-c hard-e:dev=true`.
CORS_ORIGINS_CONTEXT_KEY = "hard-e:cors-origins"
DEFAULT_CORS_ORIGINS: tuple[str, ...] = ()  # none: the app is served from the API's origin
CORS_MAX_AGE_S = 3000
NONCURRENT_VERSION_EXPIRY_DAYS = 90
ABORT_INCOMPLETE_UPLOAD_DAYS = 7
S3_BUCKET_ACTIONS = ("s3:ListBucket",)

# --- secrets and keys ---------------------------------------------------------------
JWT_SECRET_LENGTH = 64
# The admin puts the real key in after the first deploy; the app treats this as "no key".
ANTHROPIC_SECRET_PLACEHOLDER = "REPLACE-ME"  # noqa: S105 - a marker, not a secret
# The AWS Encryption SDK's KMS key provider calls GenerateDataKey (encrypt) and Decrypt.
CRM_KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
# hard_e.tenancy.credentials encrypts under {tenant_id, purpose: "crm-credentials:<crm>"};
# the role may use the key only with such a context.
CRM_CONTEXT_TENANT_KEY = "tenant_id"
CRM_CONTEXT_PURPOSE_KEY = "purpose"
CRM_CONTEXT_PURPOSE_PATTERN = "crm-credentials:*"


# --- tenant isolation (AWS SaaS Factory: a tenant role assumed with a session tag) ----
# After a token or API key is verified, each function assumes its own tenant role with
# the session tag tenant=<tenant id> (hard_e.storage.tenant_role); the role's policies
# name the tag, so IAM itself keeps every request inside its company's data.
TENANT_TAG = "tenant"  # hard_e.storage.tenant_role.TENANT_TAG
TENANT_TAG_VARIABLE = "${aws:PrincipalTag/" + TENANT_TAG + "}"
TENANT_LEADING_KEY = f"T#{TENANT_TAG_VARIABLE}#*"  # hard_e.keys.tenant_pk
TENANT_OBJECT_PREFIX = f"T#{TENANT_TAG_VARIABLE}/"  # hard_e.knowledge: T#<tenant>/docs/…
TENANT_ID_PATTERN = "?" * TENANT_ID_LENGTH  # tenant ids are fixed length (hard_e.ids)
STS_TENANT_ACTIONS = ("sts:AssumeRole", "sts:TagSession")
ENV_TENANT_ROLE_ARN = "HARD_E_TENANT_ROLE_ARN"

DYNAMODB_READ_ACTIONS = ("dynamodb:GetItem", "dynamodb:Query")
S3_READ_ACTIONS = ("s3:GetObject",)


@dataclass(frozen=True)
class GlobalGrant:
    """Access to one partition outside ``T#<tenant>#`` (hard_e.keys.GLOBAL_PARTITIONS)."""

    leading_key: str  # IAM StringLike pattern on dynamodb:LeadingKeys
    actions: tuple[str, ...]
    why: str


# Before a caller is verified there is no company to act for: these are the only items a
# function may touch as its own role. Each names the partition of hard_e.keys it covers.
EMAIL_CLAIM_READ = GlobalGrant("EMAIL#*", ("dynamodb:GetItem",), "login: which account")
LOGIN_BRAKE = GlobalGrant(
    "LOGIN#*",
    ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
    "failed-login brake, before any company is known",
)
LEARN_QUEUE_WRITE = GlobalGrant(
    "LEARN#QUEUE", ("dynamodb:PutItem", "dynamodb:DeleteItem"), "queue a session to learn from"
)
LEARN_QUEUE_WORK = GlobalGrant(
    "LEARN#QUEUE",
    ("dynamodb:Query", "dynamodb:DeleteItem"),
    "find idle sessions, take them off the queue",
)
# Onboarding: accounts created by accepting an invite claim their email (a conditional put:
# the email is taken nowhere else), an admin removing a teammate frees it, a reset request
# reads it to find the account; a company created from an invite joins the registry
# (deleted again if its first admin could not be made).
EMAIL_CLAIMS = GlobalGrant(
    "EMAIL#*",
    ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"),
    "claim, free and look up account emails (invites, team, password reset)",
)
TENANT_REGISTRY_ENTRY = GlobalGrant(
    "TENANTS",
    ("dynamodb:PutItem", "dynamodb:DeleteItem"),
    "add the company an invite creates to the registry",
)
# An API key's record is read before the key is verified (the tenant comes from the
# presented key id): GetItem on exactly the APIKEY partitions, nothing else.
API_KEY_LOOKUP = GlobalGrant(
    f"T#{TENANT_ID_PATTERN}#APIKEY", ("dynamodb:GetItem",), "verify a presented API key"
)


@dataclass(frozen=True)
class FunctionAccess:
    """What a function may touch besides the table (its company's keys) and its logs.

    Least privilege: a new function gets the signing key only (it verifies tokens);
    everything else is granted here by name.
    """

    documents: str = ""  # "" | "read" | "write": the company's objects in the bucket
    crm_credentials: bool = False  # the CRM key, with the company's encryption context
    messaging: bool = False  # email customers through SES, text them through SNS
    signing_key: bool = True  # reads the JWT signing secret (verifies or issues tokens)
    claude: bool = False  # reads the Anthropic secret (talks to Claude)
    global_grants: tuple[GlobalGrant, ...] = ()
    # No tenant role: the caller's own role holds every company's data. Only the callers
    # in COMPANY_WIDE, each with its reason (README, "Tenant isolation on AWS").
    company_wide: bool = False
    table_scan: bool = False  # dynamodb:Scan (offboarding's full read; company-wide only)


DEFAULT_ACCESS = FunctionAccess()
FUNCTION_ACCESS: dict[str, FunctionAccess] = {
    "auth": FunctionAccess(global_grants=(EMAIL_CLAIM_READ, LOGIN_BRAKE)),
    "chat": FunctionAccess(
        documents="read",  # knowledge search
        crm_credentials=True,
        messaging=True,
        claude=True,
        global_grants=(LEARN_QUEUE_WRITE,),
    ),
    "tools": FunctionAccess(documents="read", crm_credentials=True, messaging=True),
    "mcp": FunctionAccess(
        documents="read", crm_credentials=True, messaging=True, signing_key=False
    ),  # API keys only: it never sees a token
    "documents": FunctionAccess(documents="write"),  # presigned uploads, deletes, re-index
    "memory": FunctionAccess(),
    "ingest": FunctionAccess(documents="write", signing_key=False),
    "learner": FunctionAccess(claude=True, signing_key=False, global_grants=(LEARN_QUEUE_WORK,)),
    # Signed-in routes act for the caller's company; the public invite and reset routes
    # for the company their link names (a reset request: the email claim's), and a
    # company invite's new company is written under its own id (hard_e.tenancy.enrolment).
    "onboarding": FunctionAccess(  # soul preview talks to Claude over the knowledge base
        documents="read",
        crm_credentials=True,
        messaging=True,
        claude=True,
        global_grants=(EMAIL_CLAIMS, TENANT_REGISTRY_ENTRY),
    ),
    # operators read every company by design (see COMPANY_WIDE)
    # export reads, and deletion removes, a company's documents; deletion scans the table
    "operators": FunctionAccess(documents="write", company_wide=True, table_scan=True),
    # the Fargate worker: each call's task is bound to the rep's company (like chat)
    "voice": FunctionAccess(
        documents="read",
        crm_credentials=True,
        messaging=True,
        claude=True,
        global_grants=(LEARN_QUEUE_WRITE,),
    ),
}
COMPANY_WIDE = {
    "operators": "operators list, export, delete and change the plan of every company",
}
S3_WRITE_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")

# --- HTTP API edge ------------------------------------------------------------------
# Stage-wide throttling (requests per second, burst), and a much lower one on the public
# routes that run bcrypt or send mail, so a flood cannot buy unlimited Lambda CPU.
API_THROTTLE_RATE = 100
API_THROTTLE_BURST = 200
LOGIN_THROTTLE_RATE = 5
LOGIN_THROTTLE_BURST = 10
BRAKED_ROUTES = (
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/password-reset",
    "POST /api/v1/auth/password-reset/confirm",
    "POST /api/v1/invites/{token}/accept",
)
CORS_ALLOWED_HEADERS = ("authorization", "content-type", "x-api-key", "idempotency-key")
CORS_EXPOSED_HEADERS = ("retry-after", "x-ratelimit-limit", "x-ratelimit-remaining")
# `*` is refused unless `-c hard-e:dev=true` (a development deployment).
DEV_CONTEXT_KEY = "hard-e:dev"


# --- web app edge (CloudFront + WAF) --------------------------------------------------
WEB_STACK_NAME = "HardE-Web"
WEB_API_PATHS = ("/api/*", "/mcp", "/health")  # to the HTTP API, uncached
WEB_OLD_VERSIONS_DAYS = 30  # earlier builds of web/ kept this long (a quick roll back)
WAF_WINDOW_SECONDS = 300
WAF_LOGIN_PATH = "/api/v1/auth/"  # login and password reset
WAF_LOGIN_LIMIT = 20  # requests per address per five minutes
WAF_ADDRESS_LIMIT = 2000  # any route, per address per five minutes
DOMAIN_CONTEXT_KEY = "hard-e:domain"  # e.g. app.yourco.com (CNAME to the distribution)
CERTIFICATE_CONTEXT_KEY = "hard-e:certificate-arn"  # ACM, us-east-1, covering the domain
WEB_ACL_CONTEXT_KEY = "hard-e:web-acl-arn"  # a CloudFront web ACL, when not in us-east-1
# Where people open the web app: the base of invite and password-reset links. Default:
# https://<hard-e:domain>, else the first web app origin of hard-e:cors-origins.
PUBLIC_URL_CONTEXT_KEY = "hard-e:public-url"

# --- monitoring ---------------------------------------------------------------------
# Alarms go to one SNS topic; `-c hard-e:alarm-email=ops@yourco.com` subscribes a mailbox.
ALARM_EMAIL_CONTEXT_KEY = "hard-e:alarm-email"
DASHBOARD_NAME = "Hard-E"
DURATION_ALARM_FRACTION = 0.8  # p99 duration at 80 % of the function's timeout
LEAP_ERRORS_ALARM = 5  # Leap failures in five minutes

# --- idle-session learning ----------------------------------------------------------
LEARNER_RATE_MINUTES = 5  # how often the learner looks for sessions idle 15+ minutes

# --- document ingestion -------------------------------------------------------------
# Uploaded documents are keys "T#<tenant>/docs/<id>/<file>"; only those wake the ingester
# (its own chunk and index writes, "T#<tenant>/chunks|index/…", must not).
DOCUMENT_KEY_WILDCARD = "T#*/docs/*"
DEAD_LETTER_RETENTION_DAYS = 14
ASYNC_RETRY_ATTEMPTS = 2  # Lambda's own retries of an event that failed
INGEST_RETRY_ATTEMPTS = 2
INGEST_MAX_EVENT_AGE_HOURS = 2

# --- messaging ----------------------------------------------------------------------
# The SES identity customer emails come from: `-c hard-e:sender-email=sales@example.com`.
# Without it email stays off (the app says so) and no SES permission is granted.
SENDER_EMAIL_CONTEXT_KEY = "hard-e:sender-email"
SES_ACTIONS = ("ses:SendEmail",)
# SMS straight to a phone number has no resource ARN, so sns:Publish needs "*"; a Deny on
# every topic ARN (in every partition) beside it keeps the grant to SMS only.
SNS_SMS_ACTIONS = ("sns:Publish",)
# Texts go only to these calling codes (SMS pumping costs money): hard_e.messaging.aws.
SMS_COUNTRIES_CONTEXT_KEY = "hard-e:sms-country-codes"
DEFAULT_SMS_COUNTRIES = "+1"
ENV_SMS_COUNTRY_CODES = "HARD_E_SMS_COUNTRY_CODES"
# The account's monthly SMS spend limit in USD (SNS MonthlySpendLimit), set by the deploy:
# `-c hard-e:sms-monthly-spend-usd=20`. AWS caps it at the account's quota (1 USD until a
# support case raises it), so the default stays within that.
SMS_SPEND_CONTEXT_KEY = "hard-e:sms-monthly-spend-usd"
DEFAULT_SMS_MONTHLY_SPEND_USD = 1
SNS_ALL_TOPICS = tuple(f"arn:{p}:sns:*:*:*" for p in ("aws", "aws-cn", "aws-us-gov"))

# --- voice (the Pipecat worker on Fargate) -----------------------------------------
# Signalling (POST/PATCH /api/offer) enters through the HTTP API and a VPC link to an
# internal load balancer; media (WebRTC over UDP) goes straight to the task's public IP.
VOICE_STACK_NAME = "HardE-Voice"
VOICE_DOCKERFILE = "voice_worker/Dockerfile"  # relative to ROOT, the Docker build context
VOICE_OFFER_PATH = "/api/offer"
VOICE_PORT = 8020  # the worker's HTTP port (signalling and /health)
VOICE_HEALTH_PATH = "/health"
# The task's ephemeral port range (a sysctl), so the worker's ICE sockets — bound to port 0
# — land where the security group opens UDP.
VOICE_UDP_PORTS = (40000, 40999)
# Two vCPUs, one call process each (HARD_E_VOICE_PROCESSES: a container sees the host's
# cores, not its share). bench/voice_calls.py, vendors modelled: ~8 % of a core per call,
# a warm call process ~570 MB (models), ~45 MB more per call, the signalling server ~230 MB.
VOICE_CPU = 2048
VOICE_PROCESSES = VOICE_CPU // 1024
VOICE_MEMORY_MIB = 4096
VOICE_SERVER_MIB = 256  # measured figures, as above, rounded up
VOICE_PROCESS_MIB = 768
VOICE_CALL_MIB = 64
VOICE_MAX_CALLS = 16  # a task refuses more (503 busy): room left for an offline fallback
VOICE_MIN_TASKS = 1
VOICE_MAX_TASKS = 10
VOICE_CPU_TARGET_PERCENT = 50  # scale out before turn detection starts to lag
VOICE_CALLS_PER_TASK = 8  # target of the worker's ActiveCalls metric (per task, 1 min)
VOICE_METRIC_NAME = "ActiveCalls"
VOICE_DRAIN_SECONDS = 120  # a stopping task keeps its calls this long (ECS's maximum)
VOICE_STICKY_HOURS = 1  # ICE candidate PATCHes reach the task that took the offer
# STUN tells the task its public address. Add TURN for reps whose networks block UDP:
# `-c hard-e:voice-ice-servers=stun:…,turn:turn.example.com:443?transport=tcp`, and put the
# TURN username and credential into the TurnCredentials secret.
VOICE_ICE_SERVERS_CONTEXT_KEY = "hard-e:voice-ice-servers"
DEFAULT_VOICE_ICE_SERVERS = ("stun:stun.l.google.com:19302",)
VOICE_VENDOR_SECRETS = {"DEEPGRAM_API_KEY": "Deepgram", "CARTESIA_API_KEY": "Cartesia"}
VOICE_TURN_FIELDS = {  # env var the worker reads → field of the TurnCredentials secret
    "HARD_E_VOICE_TURN_USERNAME": "username",
    "HARD_E_VOICE_TURN_CREDENTIAL": "credential",
}
ENV_VOICE_HOST = "HARD_E_VOICE_HOST"
ENV_VOICE_PORT = "HARD_E_VOICE_PORT"
ENV_VOICE_ICE_SERVERS = "HARD_E_VOICE_ICE_SERVERS"
ENV_VOICE_HOST_ADDRESSES = "HARD_E_VOICE_HOST_ADDRESSES"  # "[]": every interface (the ENI)
ENV_VOICE_PROCESSES = "HARD_E_VOICE_PROCESSES"  # call processes (voice_worker/pool.py)
ENV_VOICE_MAX_CALLS = "HARD_E_VOICE_MAX_CALLS"

# --- environment variables (read by hard_e.config.Settings) -------------------------
ENV_MODE = "HARD_E_MODE"
ENV_TABLE_NAME = "HARD_E_TABLE_NAME"
ENV_BUCKET_NAME = "HARD_E_BUCKET_NAME"
ENV_JWT_SECRET_ARN = "HARD_E_JWT_SECRET_ARN"  # noqa: S105
ENV_ANTHROPIC_SECRET_ARN = "HARD_E_ANTHROPIC_SECRET_ARN"  # noqa: S105
ENV_CREDENTIALS_KEY_ARN = "HARD_E_CREDENTIALS_KEY_ARN"
ENV_SENDER_EMAIL = "HARD_E_SENDER_EMAIL"
ENV_PUBLIC_URL = "HARD_E_PUBLIC_URL"  # invite and reset links start with it
MODE_AWS = "aws"
