"""The web stack: the browser app on CloudFront, same origin as the API, behind WAF.

CloudFront serves ``web/`` from a private bucket (origin access control) and passes
``/api/*``, ``/mcp`` and ``/health`` to the HTTP API uncached, so the app calls its API
on its own origin (no CORS). WAF sits in front: AWS's common and known-bad-input rule
sets, the IP reputation list, a rate limit per address and a much lower one on login.

A CloudFront web ACL must live in us-east-1. Deployed there, the stack makes its own;
elsewhere it attaches the ACL named by ``-c hard-e:web-acl-arn=…`` (made in us-east-1),
or none — the README's runbook says which.
"""

from __future__ import annotations

from aws_cdk import (
    Annotations,
    CfnCondition,
    CfnOutput,
    Duration,
    Environment,
    Fn,
    RemovalPolicy,
    Stack,
    Token,
)
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3_deployment
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from infra import constants as c


class WebStack(Stack):
    """Bucket + deployment of ``web/``, the distribution, and its web ACL."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        api_url: str,
        domain: str = "",
        certificate_arn: str = "",
        web_acl_arn: str = "",
        env: Environment | None = None,
    ) -> None:
        super().__init__(
            scope, construct_id, description="Hard-E web: CloudFront, WAF, web app", env=env
        )
        self.bucket = s3.Bucket(
            self,
            "Site",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            versioned=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    noncurrent_version_expiration=Duration.days(c.WEB_OLD_VERSIONS_DAYS)
                )
            ],
            removal_policy=RemovalPolicy.DESTROY,  # rebuilt from web/ on every deploy
            auto_delete_objects=False,
        )
        api_domain = Fn.select(2, Fn.split("/", api_url))  # https://<id>.execute-api…/
        api_origin = origins.HttpOrigin(
            api_domain, protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY
        )
        to_api = cloudfront.BehaviorOptions(
            origin=api_origin,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        )
        self.acl = self._web_acl()
        in_us_east_1 = CfnCondition(
            self, "InUsEast1", expression=Fn.condition_equals(Stack.of(self).region, "us-east-1")
        )
        self.acl.cfn_options.condition = in_us_east_1
        region = Stack.of(self).region
        if not web_acl_arn and not Token.is_unresolved(region) and region != "us-east-1":
            Annotations.of(self).add_warning_v2(
                "hard-e:web-acl",
                f"Deployed in {region}, the distribution has no web ACL (WAF): CloudFront's "
                f"must be made in us-east-1. Make one there and pass -c {c.WEB_ACL_CONTEXT_KEY}=…",
            )
        acl_id = Fn.condition_if(
            in_us_east_1.logical_id,
            self.acl.attr_arn,
            web_acl_arn or Token.as_string(Fn.ref("AWS::NoValue")),
        ).to_string()
        certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn)
            if domain and certificate_arn
            else None
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Hard-E: web app and API on one origin",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
            ),
            additional_behaviors={path: to_api for path in c.WEB_API_PATHS},
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            domain_names=[domain] if certificate is not None else None,
            certificate=certificate,
            web_acl_id=acl_id,
        )
        s3_deployment.BucketDeployment(
            self,
            "WebApp",
            sources=[s3_deployment.Source.asset(str(c.ROOT / "web"))],
            destination_bucket=self.bucket,
            distribution=self.distribution,
            distribution_paths=["/*"],
        )
        url = f"https://{domain}" if certificate is not None else None
        CfnOutput(
            self,
            "WebUrl",
            value=url or f"https://{self.distribution.distribution_domain_name}",
            description="Open Hard-E here; use it as -c hard-e:cors-origins for uploads",
        )

    def _web_acl(self) -> wafv2.CfnWebACL:
        def managed(name: str, priority: int, *counted: str) -> wafv2.CfnWebACL.RuleProperty:
            overrides = [
                wafv2.CfnWebACL.RuleActionOverrideProperty(
                    name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
                )
                for rule in counted
            ]
            group = wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS", name=name, rule_action_overrides=overrides or None
            )
            return wafv2.CfnWebACL.RuleProperty(
                name=name,
                priority=priority,
                statement=wafv2.CfnWebACL.StatementProperty(managed_rule_group_statement=group),
                override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                visibility_config=_visibility(name),
            )

        login = wafv2.CfnWebACL.StatementProperty(
            byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
                positional_constraint="STARTS_WITH",
                search_string=c.WAF_LOGIN_PATH,
                text_transformations=[
                    wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="LOWERCASE")
                ],
            )
        )
        rate_rules = [
            _rate_rule("login-rate", 0, c.WAF_LOGIN_LIMIT, scope_down=login),
            _rate_rule("address-rate", 1, c.WAF_ADDRESS_LIMIT),
        ]
        return wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="CLOUDFRONT",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility("hard-e"),
            rules=[
                *rate_rules,
                managed("AWSManagedRulesAmazonIpReputationList", 2),
                managed("AWSManagedRulesKnownBadInputsRuleSet", 3),
                # the API takes bodies up to 64 KB (soul documents, tool batches): the
                # set's 8 KB body limit only counts; the functions enforce their own
                managed("AWSManagedRulesCommonRuleSet", 4, "SizeRestrictions_BODY"),
            ],
        )


def _rate_rule(
    name: str,
    priority: int,
    limit: int,
    *,
    scope_down: wafv2.CfnWebACL.StatementProperty | None = None,
) -> wafv2.CfnWebACL.RuleProperty:
    """Block an address that sends more than ``limit`` requests (matching ``scope_down``,
    when given) in WAF's window."""
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP",
                limit=limit,
                evaluation_window_sec=c.WAF_WINDOW_SECONDS,
                scope_down_statement=scope_down,
            )
        ),
        action=wafv2.CfnWebACL.RuleActionProperty(block={}),
        visibility_config=_visibility(name),
    )


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
    )
