"""Every name and limit the CDK app uses, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
# The python3.11 runtime runs on Amazon Linux 2 (glibc 2.26), hence manylinux2014.
# infra.features.api_function checks its Runtime/Architecture against these names.
PYTHON_VERSION = "3.11"
LAMBDA_ARCHITECTURE = "arm64"
PIP_PLATFORM = "manylinux2014_aarch64"
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
# Uploads go straight from the browser to S3 with presigned PUT/POST; the signature is
# the access control, CORS only lets the browser read the answer. Narrow the origins per
# deployment with `-c hard-e:cors-origins=https://app.example.com,https://...`.
CORS_ORIGINS_CONTEXT_KEY = "hard-e:cors-origins"
DEFAULT_CORS_ORIGINS = ("*",)
CORS_MAX_AGE_S = 3000
NONCURRENT_VERSION_EXPIRY_DAYS = 90
ABORT_INCOMPLETE_UPLOAD_DAYS = 7
S3_OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
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


# --- per-function access ------------------------------------------------------------
@dataclass(frozen=True)
class FunctionAccess:
    """What a function may touch besides the table, the secrets and its own logs."""

    documents: bool = True  # read/write objects in the documents bucket
    crm_credentials: bool = True  # encrypt/decrypt CRM credentials with the KMS key
    messaging: bool = True  # email customers through SES, text them through SNS


DEFAULT_ACCESS = FunctionAccess()
FUNCTION_ACCESS: dict[str, FunctionAccess] = {
    "auth": FunctionAccess(documents=False, crm_credentials=False, messaging=False),
    "documents": FunctionAccess(crm_credentials=False, messaging=False),
    "ingest": FunctionAccess(crm_credentials=False, messaging=False),
    "memory": FunctionAccess(documents=False, crm_credentials=False, messaging=False),
    "learner": FunctionAccess(documents=False, crm_credentials=False, messaging=False),
}

# --- idle-session learning ----------------------------------------------------------
LEARNER_RATE_MINUTES = 5  # how often the learner looks for sessions idle 15+ minutes

# --- document ingestion -------------------------------------------------------------
# Uploaded documents are keys "T#<tenant>/docs/<id>/<file>"; only those wake the ingester.
DOCUMENT_KEY_PREFIX = "T#"
INGEST_RETRY_ATTEMPTS = 2
INGEST_MAX_EVENT_AGE_HOURS = 2

# --- messaging ----------------------------------------------------------------------
# The SES identity customer emails come from: `-c hard-e:sender-email=sales@example.com`.
# Without it email stays off (the app says so) and no SES permission is granted.
SENDER_EMAIL_CONTEXT_KEY = "hard-e:sender-email"
SES_ACTIONS = ("ses:SendEmail",)
# SMS straight to a phone number has no resource ARN, so sns:Publish needs "*"; a Deny on
# every topic ARN beside it keeps the grant to SMS only.
SNS_SMS_ACTIONS = ("sns:Publish",)
SNS_ALL_TOPICS = "arn:aws:sns:*:*:*"

# --- voice (the Pipecat worker on Fargate) -----------------------------------------
# Signalling (POST/PATCH /api/offer) enters through the HTTP API and a VPC link to an
# internal load balancer; media (WebRTC over UDP) goes straight to the task's public IP.
VOICE_STACK_NAME = "HardE-Voice"
VOICE_DOCKERFILE = "voice_worker/Dockerfile"  # relative to ROOT, the Docker build context
VOICE_OFFER_PATH = "/api/offer"
VOICE_PORT = 8020  # the worker's HTTP port (signalling and /health)
VOICE_HEALTH_PATH = "/health"
VOICE_UDP_PORTS = (40000, 40999)  # the worker binds ICE sockets here; the security group opens them
VOICE_CPU = 1024  # one vCPU: VAD, turn detection and offline speech for a few calls
VOICE_MEMORY_MIB = 2048
VOICE_MIN_TASKS = 1
VOICE_MAX_TASKS = 10
VOICE_CPU_TARGET_PERCENT = 50  # scale out before turn detection starts to lag
VOICE_CALLS_PER_TASK = 4  # target of the worker's ActiveCalls metric (per task, 1 min)
VOICE_METRIC_NAME = "ActiveCalls"
VOICE_DRAIN_SECONDS = 120  # a stopping task keeps its calls this long (ECS's maximum)
VOICE_STICKY_HOURS = 1  # ICE candidate PATCHes reach the task that took the offer
# Public STUN so the task learns its public address; put TURN servers (with credentials)
# into the secret after deploy for reps behind networks that block UDP.
VOICE_DEFAULT_ICE_SERVERS = '[{"urls": ["stun:stun.l.google.com:19302"]}]'
VOICE_VENDOR_SECRETS = {"DEEPGRAM_API_KEY": "Deepgram", "CARTESIA_API_KEY": "Cartesia"}
ENV_VOICE_HOST = "HARD_E_VOICE_HOST"
ENV_VOICE_PORT = "HARD_E_VOICE_PORT"
ENV_VOICE_UDP_PORTS = "HARD_E_VOICE_UDP_PORTS"
ENV_VOICE_ICE_SERVERS = "HARD_E_VOICE_ICE_SERVERS"

# --- environment variables (read by hard_e.config.Settings) -------------------------
ENV_MODE = "HARD_E_MODE"
ENV_TABLE_NAME = "HARD_E_TABLE_NAME"
ENV_BUCKET_NAME = "HARD_E_BUCKET_NAME"
ENV_JWT_SECRET_ARN = "HARD_E_JWT_SECRET_ARN"  # noqa: S105
ENV_ANTHROPIC_SECRET_ARN = "HARD_E_ANTHROPIC_SECRET_ARN"  # noqa: S105
ENV_CREDENTIALS_KEY_ARN = "HARD_E_CREDENTIALS_KEY_ARN"
ENV_SENDER_EMAIL = "HARD_E_SENDER_EMAIL"
MODE_AWS = "aws"
