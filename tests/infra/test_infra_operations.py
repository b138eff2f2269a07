"""Reliable events, the protected API stage and the alarms: what operating Hard-E needs."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

import pytest

from hard_e import observability as obs
from hard_e.api.routes import FUNCTIONS
from infra import constants as c
from tests.infra.support import (
    SMS_SPEND_USD,
    WEB_ORIGIN,
    Synthesised,
    functions_by_name,
    of_type,
    the_one,
)


def rules(api: dict[str, Any]) -> list[dict[str, Any]]:
    return [r["Properties"] for r in of_type(api, "AWS::Events::Rule").values()]


def queue_of(target: dict[str, Any]) -> str:
    arn: str = target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0]
    return arn


@pytest.mark.parametrize("name", ["ingest", "learner"])
def test_event_functions_have_a_dead_letter_queue_for_both_failures(
    synthesised: Synthesised, name: str
) -> None:
    api = synthesised.api
    function_id, _ = functions_by_name(api)[name]
    (rule,) = [
        r for r in rules(api) if r["Targets"][0]["Arn"] == {"Fn::GetAtt": [function_id, "Arn"]}
    ]
    (target,) = rule["Targets"]
    queue = queue_of(target)  # EventBridge could not deliver
    (invoke,) = [
        r["Properties"]
        for r in of_type(api, "AWS::Lambda::EventInvokeConfig").values()
        if r["Properties"]["FunctionName"] == {"Ref": function_id}
    ]
    destination = invoke["DestinationConfig"]["OnFailure"]["Destination"]  # failed after retries
    assert destination == {"Fn::GetAtt": [queue, "Arn"]}
    properties = api["Resources"][queue]["Properties"]
    assert properties["SqsManagedSseEnabled"] is True
    assert properties["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_only_uploaded_documents_wake_ingest(synthesised: Synthesised) -> None:
    (rule,) = [r for r in rules(synthesised.api) if "EventPattern" in r]
    (wildcard,) = rule["EventPattern"]["detail"]["object"]["key"]
    pattern = wildcard["wildcard"]
    assert fnmatch.fnmatchcase("T#abcdefghjkmnpqrs/docs/doc_1/paint.md", pattern)
    for own_write in (
        "T#abcdefghjkmnpqrs/chunks/doc_1.json",
        "T#abcdefghjkmnpqrs/index/idx_1.bm25",
    ):
        assert not fnmatch.fnmatchcase(own_write, pattern)


def test_stage_is_throttled_logged_and_brakes_the_public_bcrypt_routes(
    synthesised: Synthesised,
) -> None:
    _, stage = the_one(synthesised.api, "AWS::ApiGatewayV2::Stage")
    props = stage["Properties"]
    assert props["StageName"] == "$default" and props["AutoDeploy"] is True
    assert props["DefaultRouteSettings"] == {
        "ThrottlingBurstLimit": c.API_THROTTLE_BURST,
        "ThrottlingRateLimit": c.API_THROTTLE_RATE,
    }
    login = props["RouteSettings"]["POST /api/v1/auth/login"]
    assert login["ThrottlingRateLimit"] < c.API_THROTTLE_RATE
    access = props["AccessLogSettings"]
    assert "Fn::GetAtt" in access["DestinationArn"]
    fields = json.loads(access["Format"])
    assert {"requestId", "ip", "route", "status", "latencyMs"} <= set(fields)
    assert "authorization" not in access["Format"].lower()


def test_api_cors_names_the_web_app_origin(synthesised: Synthesised) -> None:
    _, api = the_one(synthesised.api, "AWS::ApiGatewayV2::Api")
    cors = api["Properties"]["CorsConfiguration"]
    assert cors["AllowOrigins"] == [WEB_ORIGIN]
    assert "x-api-key" in cors["AllowHeaders"]


def test_cors_star_is_refused_outside_a_dev_deployment() -> None:
    from aws_cdk import App

    from infra.app import cors_origins

    with pytest.raises(ValueError, match="hard-e:dev=true"):
        cors_origins(App(context={c.CORS_ORIGINS_CONTEXT_KEY: "*"}))
    dev = App(context={c.CORS_ORIGINS_CONTEXT_KEY: "*", c.DEV_CONTEXT_KEY: "true"})
    assert cors_origins(dev) == ["*"]
    assert cors_origins(App()) == []  # same-origin web app: no CORS at all


def alarms(synthesised: Synthesised) -> list[dict[str, Any]]:
    return [a["Properties"] for a in of_type(synthesised.api, "AWS::CloudWatch::Alarm").values()]


def test_every_alarm_goes_to_the_alarm_topic_mailed_to_ops(synthesised: Synthesised) -> None:
    topic_id, _ = the_one(synthesised.api, "AWS::SNS::Topic")
    assert all(a["AlarmActions"] == [{"Ref": topic_id}] for a in alarms(synthesised))
    (subscription,) = [
        s["Properties"] for s in of_type(synthesised.api, "AWS::SNS::Subscription").values()
    ]
    assert subscription["Protocol"] == "email" and subscription["Endpoint"] == "ops@summit.example"


def test_alarms_cover_5xx_throttles_dead_letters_ingest_and_every_function(
    synthesised: Synthesised,
) -> None:
    found = alarms(synthesised)
    by_metric = {(a.get("Namespace"), a.get("MetricName")) for a in found}
    assert ("AWS/ApiGateway", "5xx") in by_metric
    assert ("AWS/SQS", "ApproximateNumberOfMessagesVisible") in by_metric
    assert (obs.NAMESPACE, obs.INGEST_FAILURES) in by_metric
    assert (obs.NAMESPACE, obs.LEAP_ERRORS) in by_metric
    functions = functions_by_name(synthesised.api)
    for spec in FUNCTIONS:
        function_id, _ = functions[spec.name]
        on_it = {
            a["MetricName"]
            for a in found
            if a.get("Dimensions") == [{"Name": "FunctionName", "Value": {"Ref": function_id}}]
        }
        assert on_it == {"Errors", "Throttles", "Duration"}, spec.name
    dead_letter_alarms = [a for a in found if a.get("Namespace") == "AWS/SQS"]
    assert len(dead_letter_alarms) == 2  # ingest and learner


def test_dashboard_shows_the_business_metrics_the_code_emits(synthesised: Synthesised) -> None:
    _, dashboard = the_one(synthesised.api, "AWS::CloudWatch::Dashboard")
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for name in obs.METRICS:
        assert f'\\"{name}\\"' in body, name
    for tier in obs.TIERS:
        assert f'\\"{tier}\\"' in body


def test_make_synth_applies_the_same_context_flags_as_cdk_deploy() -> None:
    from infra.app import command_line_context

    argv = ["-c", "hard-e:sender-email=sales@yourco.com", "--context", "hard-e:dev=true", "x"]
    assert command_line_context(argv) == {
        "hard-e:sender-email": "sales@yourco.com",
        "hard-e:dev": "true",
    }


def sdk_calls(template: dict[str, Any], when: str) -> list[dict[str, Any]]:
    """The SDK calls the template's AwsCustomResources make ``when`` (Create/Update)."""
    calls = []
    for resource in of_type(template, "Custom::AWS").values():
        body = resource["Properties"][when]
        text = "".join(str(p) for p in body["Fn::Join"][1]) if isinstance(body, dict) else body
        calls.append(json.loads(text))
    return calls


def test_the_deploy_sets_the_sms_monthly_spend_limit_from_context(
    synthesised: Synthesised,
) -> None:
    for when in ("Create", "Update"):
        (call,) = [c for c in sdk_calls(synthesised.api, when) if c["service"] == "SNS"]
        assert call["action"] == "setSMSAttributes"
        assert call["parameters"] == {"attributes": {"MonthlySpendLimit": str(SMS_SPEND_USD)}}


def test_the_sms_spend_limit_defaults_small_and_takes_whole_dollars() -> None:
    from aws_cdk import App

    from infra.app import sms_spend_usd

    assert sms_spend_usd(App()) == c.DEFAULT_SMS_MONTHLY_SPEND_USD <= 1
    assert sms_spend_usd(App(context={c.SMS_SPEND_CONTEXT_KEY: "40"})) == 40
    with pytest.raises(ValueError, match="whole USD"):
        sms_spend_usd(App(context={c.SMS_SPEND_CONTEXT_KEY: "ten"}))
