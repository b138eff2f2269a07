"""The web app's edge: CloudFront on one origin with the API, WAF with a login rate rule."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra import constants as c
from tests.infra.support import Synthesised, of_type, the_one


def distribution(web: dict[str, Any]) -> dict[str, Any]:
    _, found = the_one(web, "AWS::CloudFront::Distribution")
    config: dict[str, Any] = found["Properties"]["DistributionConfig"]
    return config


def test_the_app_and_the_api_share_one_origin(synthesised: Synthesised) -> None:
    config = distribution(synthesised.web)
    paths = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    assert set(paths) == set(c.WEB_API_PATHS)
    for behaviour in paths.values():
        assert behaviour["ViewerProtocolPolicy"] == "https-only"
        assert "DELETE" in behaviour["AllowedMethods"] and "POST" in behaviour["AllowedMethods"]
        assert behaviour["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # disabled
    (api_origin,) = [o for o in config["Origins"] if "CustomOriginConfig" in o]
    assert api_origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert "Fn::Split" in json.dumps(api_origin["DomainName"])  # the API stage's host
    (site,) = [o for o in config["Origins"] if "S3OriginConfig" in o]
    assert site["OriginAccessControlId"]  # private bucket, read only through CloudFront
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert "ViewerCertificate" not in config  # CloudFront's own, until a custom domain


def test_waf_guards_the_distribution_with_a_login_rate_rule(synthesised: Synthesised) -> None:
    web = synthesised.web
    acl_id, acl = the_one(web, "AWS::WAFv2::WebACL")
    assert acl["Properties"]["Scope"] == "CLOUDFRONT"
    assert acl["Condition"] == "InUsEast1"  # a CloudFront ACL can only live in us-east-1
    rules = {r["Name"]: r for r in acl["Properties"]["Rules"]}
    login = rules["login-rate"]["Statement"]["RateBasedStatement"]
    assert login["Limit"] == c.WAF_LOGIN_LIMIT and login["AggregateKeyType"] == "IP"
    match = login["ScopeDownStatement"]["ByteMatchStatement"]
    assert match["SearchString"] == "/api/v1/auth/" and "login".startswith("login")
    assert "Block" in rules["login-rate"]["Action"]
    assert {
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    } <= set(rules)
    web_acl = distribution(web)["WebACLId"]
    assert web_acl["Fn::If"][0] == "InUsEast1"
    assert web_acl["Fn::If"][1] == {"Fn::GetAtt": [acl_id, "Arn"]}


def test_custom_domain_and_certificate_come_from_context() -> None:
    from aws_cdk import App
    from aws_cdk.assertions import Template

    from infra.web_stack import WebStack

    app = App(builtin_cloud_formation_validation=False)
    cert = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
    stack = WebStack(
        app,
        "Web",
        api_url="https://x.execute-api.eu-west-1.amazonaws.com/",
        domain="app.yourco.com",
        certificate_arn=cert,
    )
    config = Template.from_stack(stack).to_json()
    (dist,) = [
        r for r in config["Resources"].values() if r["Type"] == "AWS::CloudFront::Distribution"
    ]
    props = dist["Properties"]["DistributionConfig"]
    assert props["Aliases"] == ["app.yourco.com"]
    assert props["ViewerCertificate"]["AcmCertificateArn"] == cert
    assert props["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"


def test_the_web_app_is_deployed_from_web(synthesised: Synthesised) -> None:
    assert of_type(synthesised.web, "Custom::CDKBucketDeployment")
    (site_id, site) = next((k, v) for k, v in of_type(synthesised.web, "AWS::S3::Bucket").items())
    config = site["Properties"]
    assert config["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is True
    assert site_id


@pytest.mark.parametrize(
    "web_acl_arn", ["", "arn:aws:wafv2:us-east-1:111122223333:global/webacl/x/1"]
)
def test_outside_us_east_1_the_distribution_takes_the_web_acl_from_context(
    web_acl_arn: str,
) -> None:
    """CloudFront's web ACL must live in us-east-1: deployed elsewhere the stack makes none
    and attaches the one named by -c hard-e:web-acl-arn (or none, with a warning)."""
    from aws_cdk import App, Environment
    from aws_cdk.assertions import Annotations, Match, Template

    from infra.web_stack import WebStack

    app = App(builtin_cloud_formation_validation=False)
    stack = WebStack(
        app,
        "Web",
        api_url="https://x.execute-api.eu-west-1.amazonaws.com/",
        web_acl_arn=web_acl_arn,
        env=Environment(account="111122223333", region="eu-west-1"),
    )
    template = Template.from_stack(stack).to_json()
    (acl_id,) = of_type(template, "AWS::WAFv2::WebACL")
    condition = template["Conditions"][template["Resources"][acl_id]["Condition"]]
    assert condition == {"Fn::Equals": ["eu-west-1", "us-east-1"]}  # not made here
    chosen = distribution(template)["WebACLId"]["Fn::If"][2]
    assert chosen == (web_acl_arn or {"Ref": "AWS::NoValue"})
    warnings = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp("web ACL"))
    assert bool(warnings) == (not web_acl_arn)
