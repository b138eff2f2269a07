"""The account's monthly SMS spend limit, set by the deploy (SNS SetSMSAttributes).

SMS pumping turns a text-sending bug into a bill; the country allow-list bounds where
texts go, this bounds what they cost. SNS keeps the limit per account and region, so it is
an account setting rather than a resource: a CDK custom resource sets it on every deploy.
AWS refuses values above the account's quota (1 USD until a support case raises it).
"""

from __future__ import annotations

from aws_cdk import custom_resources as cr
from constructs import Construct


class SmsSpendLimit(Construct):
    """``MonthlySpendLimit`` = ``usd`` for this account and region, re-applied on change."""

    def __init__(self, scope: Construct, construct_id: str, *, usd: int) -> None:
        super().__init__(scope, construct_id)
        if usd < 0:
            raise ValueError("the SMS monthly spend limit is a whole number of USD, 0 or more")
        self.usd = usd
        call = cr.AwsSdkCall(
            service="SNS",
            action="setSMSAttributes",
            parameters={"attributes": {"MonthlySpendLimit": str(usd)}},
            # the limit itself names the setting: a new value is a new physical id, an update
            physical_resource_id=cr.PhysicalResourceId.of(f"sms-monthly-spend-{usd}"),
        )
        cr.AwsCustomResource(
            self,
            "Set",
            on_create=call,
            on_update=call,
            # SetSMSAttributes has no resource ARN (an account setting)
            policy=cr.AwsCustomResourcePolicy.from_sdk_calls(
                resources=cr.AwsCustomResourcePolicy.ANY_RESOURCE
            ),
            install_latest_aws_sdk=False,
        )
