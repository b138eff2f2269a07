"""Properties of the synthesised stacks: schema, encryption, IAM scope, environment, routes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from hard_e.api.routes import FUNCTIONS, FunctionSpec
from infra import constants as c
from tests.infra.support import (
    SENDER_EMAIL,
    WEB_ORIGIN,
    Synthesised,
    all_api_statements,
    as_list,
    functions_by_name,
    of_type,
    role_of,
    role_statements,
    the_one,
)


@pytest.fixture(scope="module")
def data(synthesised: Synthesised) -> Template:
    return Template.from_json(synthesised.data)


@pytest.fixture(scope="module")
def api(synthesised: Synthesised) -> Template:
    return Template.from_json(synthesised.api)


# --- data stack ---------------------------------------------------------------------


def test_table_has_the_single_table_schema(synthesised: Synthesised) -> None:
    # Given the data stack, When we read its only table, Then keys, TTL and gsi1 match hard_e
    _, table = the_one(synthesised.data, "AWS::DynamoDB::Table")
    props = table["Properties"]
    assert props["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert sorted(props["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == [
        {"AttributeName": name, "AttributeType": "S"} for name in ("gsi1pk", "gsi1sk", "pk", "sk")
    ]
    assert props["TimeToLiveSpecification"] == {"AttributeName": "ttl", "Enabled": True}
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["GlobalSecondaryIndexes"] == [
        {
            "IndexName": "gsi1",
            "KeySchema": [
                {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
    ]


def test_table_is_recoverable_encrypted_and_retained(data: Template) -> None:
    data.has_resource(
        "AWS::DynamoDB::Table",
        {
            "Properties": Match.object_like(
                {
                    "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                    "SSESpecification": {"SSEEnabled": True},
                    "DeletionProtectionEnabled": True,
                }
            ),
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
        },
    )


def test_documents_bucket_is_private_encrypted_versioned_and_retained(data: Template) -> None:
    data.has_resource(
        "AWS::S3::Bucket",
        {
            "Properties": Match.object_like(
                {
                    "BucketEncryption": {
                        "ServerSideEncryptionConfiguration": [
                            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                        ]
                    },
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": True,
                        "BlockPublicPolicy": True,
                        "IgnorePublicAcls": True,
                        "RestrictPublicBuckets": True,
                    },
                    "VersioningConfiguration": {"Status": "Enabled"},
                }
            ),
            "DeletionPolicy": "Retain",
        },
    )


def test_documents_bucket_refuses_plain_http(synthesised: Synthesised) -> None:
    bucket_id, _ = the_one(synthesised.data, "AWS::S3::Bucket")
    _, policy = the_one(synthesised.data, "AWS::S3::BucketPolicy")
    assert policy["Properties"]["Bucket"] == {"Ref": bucket_id}
    denies = [
        s
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
        if s["Effect"] == "Deny"
        and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
    ]
    assert len(denies) == 1
    assert denies[0]["Action"] == "s3:*"
    assert denies[0]["Principal"] == {"AWS": "*"}


def test_documents_bucket_cors_allows_browser_uploads(synthesised: Synthesised) -> None:
    _, bucket = the_one(synthesised.data, "AWS::S3::Bucket")
    (rule,) = bucket["Properties"]["CorsConfiguration"]["CorsRules"]
    assert sorted(rule["AllowedMethods"]) == ["POST", "PUT"]
    assert rule["AllowedOrigins"] == [WEB_ORIGIN]


def test_cors_origins_come_from_context() -> None:
    # Given origins in the app context, When only the data stack is synthesised,
    # Then the bucket allows exactly those origins
    from aws_cdk import App

    from infra.app import cors_origins
    from infra.stacks import DataStack

    app = App(
        context={c.CORS_ORIGINS_CONTEXT_KEY: "https://app.example.com, https://b.example.com"},
        builtin_cloud_formation_validation=False,
    )
    stack = DataStack(app, "Origins", cors_origins=cors_origins(app))
    Template.from_stack(stack).has_resource_properties(
        "AWS::S3::Bucket",
        {
            "CorsConfiguration": {
                "CorsRules": [
                    Match.object_like(
                        {"AllowedOrigins": ["https://app.example.com", "https://b.example.com"]}
                    )
                ]
            }
        },
    )


def test_crm_credentials_key_rotates_and_is_retained(data: Template) -> None:
    data.resource_count_is("AWS::KMS::Key", 1)
    data.has_resource(
        "AWS::KMS::Key",
        {"Properties": Match.object_like({"EnableKeyRotation": True}), "DeletionPolicy": "Retain"},
    )


def test_jwt_secret_is_generated_and_anthropic_secret_is_a_placeholder(data: Template) -> None:
    data.resource_count_is("AWS::SecretsManager::Secret", 2)
    data.has_resource_properties(
        "AWS::SecretsManager::Secret",
        {
            "GenerateSecretString": {
                "PasswordLength": 64,
                "ExcludePunctuation": True,
                "IncludeSpace": False,
            }
        },
    )
    data.has_resource_properties(
        "AWS::SecretsManager::Secret", {"SecretString": c.ANTHROPIC_SECRET_PLACEHOLDER}
    )


def test_stacks_output_table_bucket_and_api_url(synthesised: Synthesised) -> None:
    table_id, _ = the_one(synthesised.data, "AWS::DynamoDB::Table")
    bucket_id, _ = the_one(synthesised.data, "AWS::S3::Bucket")
    api_id, _ = the_one(synthesised.api, "AWS::ApiGatewayV2::Api")
    assert synthesised.data["Outputs"]["TableName"]["Value"] == {"Ref": table_id}
    assert synthesised.data["Outputs"]["BucketName"]["Value"] == {"Ref": bucket_id}
    url = synthesised.api["Outputs"]["ApiUrl"]["Value"]["Fn::Join"][1]
    assert url[:2] == ["https://", {"Ref": api_id}]


# --- api stack: functions and IAM ---------------------------------------------------


def test_one_function_per_spec_with_its_settings(synthesised: Synthesised) -> None:
    functions = functions_by_name(synthesised.api)
    assert sorted(functions) == sorted(spec.name for spec in FUNCTIONS)
    layer_id, _ = the_one(synthesised.api, "AWS::Lambda::LayerVersion")
    for spec in FUNCTIONS:
        _, props = functions[spec.name]
        assert props["Description"] == f"Hard-E {spec.name}: {spec.description}"
        assert props["Runtime"] == "python3.11"
        assert props["Architectures"] == ["arm64"]
        assert props["Handler"] == "handler.handler"
        assert props["MemorySize"] == spec.memory_mb
        assert props["Timeout"] == spec.timeout_s
        assert props["Layers"] == [{"Ref": layer_id}]


def test_layer_matches_runtime_and_architecture(api: Template) -> None:
    api.has_resource_properties(
        "AWS::Lambda::LayerVersion",
        {"CompatibleRuntimes": ["python3.11"], "CompatibleArchitectures": ["arm64"]},
    )


def _is_sms_only_publish(statement: dict[str, Any]) -> bool:
    """The one allowed "*": SNS SMS has no resource ARN (topics are denied beside it);
    CDK may merge X-Ray's trace upload (no ARN either) into the same statement."""
    actions = as_list(statement["Action"])
    return (
        statement["Effect"] == "Allow"
        and "sns:Publish" in actions
        and all(a == "sns:Publish" or a.startswith("xray:Put") for a in actions)
    )


def _is_xray(statement: dict[str, Any]) -> bool:
    """X-Ray's trace upload has no resource ARN either (CDK's active-tracing grant)."""
    return all(a.startswith("xray:Put") for a in as_list(statement["Action"]))


def _is_sms_spend_setting(statement: dict[str, Any]) -> bool:
    """The deploy's SMS spend limit: an account setting, no resource ARN."""
    return as_list(statement["Action"]) == ["sns:SetSMSAttributes"]


def test_no_statement_grants_every_resource(synthesised: Synthesised) -> None:
    for statement in all_api_statements(synthesised.api):
        if not any(
            allowed(statement)
            for allowed in (_is_sms_only_publish, _is_xray, _is_sms_spend_setting)
        ):
            assert "*" not in as_list(statement["Resource"]), statement
        assert not any(a.endswith(":*") for a in as_list(statement["Action"])), statement


def test_messaging_is_sms_only_on_sns_and_the_sender_identity_on_ses(
    synthesised: Synthesised,
) -> None:
    for name, (_, function) in functions_by_name(synthesised.api).items():
        statements = role_statements(synthesised.api, role_of(function))
        sns = [s for s in statements if "sns:Publish" in as_list(s["Action"])]
        ses = [s for s in statements if "ses:SendEmail" in as_list(s["Action"])]
        env = function["Environment"]["Variables"]
        if not c.FUNCTION_ACCESS.get(name, c.DEFAULT_ACCESS).messaging:
            assert sns == [] and ses == [] and env["HARD_E_SENDER_EMAIL"] == "", name
            continue
        assert env["HARD_E_SENDER_EMAIL"] == SENDER_EMAIL
        effects = sorted((s["Effect"], json.dumps(s["Resource"])) for s in sns)
        assert effects == [
            ("Allow", '"*"'),
            ("Deny", json.dumps([f"arn:{p}:sns:*:*:*" for p in ("aws-cn", "aws-us-gov", "aws")])),
        ], name
        (grant,) = ses
        resources = json.dumps(grant["Resource"])
        assert (
            "identity/sales@summit.example" in resources and "identity/summit.example" in resources
        )
        assert "*" not in resources.replace("arn:aws:ses", "")


def test_logs_go_to_the_functions_own_log_group_kept_a_month(synthesised: Synthesised) -> None:
    groups = of_type(synthesised.api, "AWS::Logs::LogGroup")
    for name, (_, function) in functions_by_name(synthesised.api).items():
        group_id = function["LoggingConfig"]["LogGroup"]["Ref"]
        assert groups[group_id]["Properties"]["RetentionInDays"] == 30
        logs = [
            s
            for s in role_statements(synthesised.api, role_of(function))
            if any(a.startswith("logs:") for a in as_list(s["Action"]))
        ]
        assert logs == [
            {
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Effect": "Allow",
                "Resource": {"Fn::GetAtt": [group_id, "Arn"]},
            }
        ], name


# --- api stack: routes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "method", "path"),
    [(spec, r.method, r.path) for spec in FUNCTIONS for r in spec.routes],
    ids=lambda v: v.name if isinstance(v, FunctionSpec) else str(v),
)
def test_every_route_reaches_its_function(
    synthesised: Synthesised, spec: FunctionSpec, method: str, path: str
) -> None:
    api = synthesised.api
    routes = {
        r["Properties"]["RouteKey"]: r["Properties"]
        for r in of_type(api, "AWS::ApiGatewayV2::Route").values()
    }
    route = routes[f"{method} {path}"]
    integration_id = route["Target"]["Fn::Join"][1][1]["Ref"]
    integration = api["Resources"][integration_id]["Properties"]
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["PayloadFormatVersion"] == "2.0"
    function_id, _ = functions_by_name(api)[spec.name]
    assert integration["IntegrationUri"] == {"Fn::GetAtt": [function_id, "Arn"]}
    assert "AuthorizationType" not in route or route["AuthorizationType"] == "NONE"


def test_no_routes_beyond_the_route_table(synthesised: Synthesised) -> None:
    keys = sorted(
        r["Properties"]["RouteKey"]
        for r in of_type(synthesised.api, "AWS::ApiGatewayV2::Route").values()
    )
    assert keys == sorted(f"{r.method} {r.path}" for s in FUNCTIONS for r in s.routes)


# --- app entry point ----------------------------------------------------------------


def test_app_asks_for_make_assets_when_bundles_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from infra import app

    monkeypatch.setattr(c, "BUILD_DIR", tmp_path / "lambda")
    assert app.main() == 1
    error = capsys.readouterr().err
    assert "Run `make assets` first" in error
    assert str(tmp_path / "lambda" / "layer" / "python") in error


def test_uploads_reach_the_ingest_function_through_eventbridge(synthesised: Synthesised) -> None:
    _, bucket = the_one(synthesised.data, "AWS::S3::Bucket")
    assert bucket["Properties"]["NotificationConfiguration"] == {
        "EventBridgeConfiguration": {"EventBridgeEnabled": True}
    }
    rules = [
        r
        for r in of_type(synthesised.api, "AWS::Events::Rule").values()
        if "EventPattern" in r["Properties"]
    ]
    assert len(rules) == 1
    (rule,) = rules
    pattern = rule["Properties"]["EventPattern"]
    assert pattern["source"] == ["aws.s3"] and pattern["detail-type"] == ["Object Created"]
    assert pattern["detail"]["object"] == {"key": [{"wildcard": "T#*/docs/*"}]}
    functions = functions_by_name(synthesised.api)
    ingest_id = functions["ingest"][0]
    (target,) = rule["Properties"]["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": [ingest_id, "Arn"]}
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 2
    http_targets = json.dumps(of_type(synthesised.api, "AWS::ApiGatewayV2::Integration"))
    assert ingest_id not in http_targets  # ingest has no HTTP route


def test_the_learner_runs_on_a_schedule(synthesised: Synthesised) -> None:
    scheduled = [
        r
        for r in of_type(synthesised.api, "AWS::Events::Rule").values()
        if "ScheduleExpression" in r["Properties"]
    ]
    assert len(scheduled) == 1
    assert scheduled[0]["Properties"]["ScheduleExpression"] == "rate(5 minutes)"
    learner_id = functions_by_name(synthesised.api)["learner"][0]
    assert scheduled[0]["Properties"]["Targets"][0]["Arn"] == {"Fn::GetAtt": [learner_id, "Arn"]}
