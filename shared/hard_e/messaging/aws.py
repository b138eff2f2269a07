"""AWS messaging: email through SES (v2 API), SMS through SNS."""

from __future__ import annotations

import time
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from hard_e.messaging.port import MessagingError, Messenger, Receipt


class AwsMessenger(Messenger):
    def __init__(
        self,
        *,
        sender_email: str | None,
        ses_client: Any | None = None,
        sns_client: Any | None = None,
        configuration_set: str | None = None,
        sms_country_codes: tuple[str, ...] = ("+1",),
    ) -> None:
        import boto3

        self._from = sender_email
        self._ses = ses_client or boto3.client("sesv2")
        self._sns = sns_client or boto3.client("sns")
        self._configuration_set = configuration_set
        self._sms_countries = sms_country_codes

    def send_email(self, tenant_id: str, *, to: str, subject: str, body: str) -> Receipt:
        if not self._from:
            raise MessagingError(
                "email is not set up for this deployment (no sender address configured)"
            )
        request: dict[str, Any] = {
            "FromEmailAddress": self._from,
            "Destination": {"ToAddresses": [to]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": body, "Charset": "UTF-8"}},
                }
            },
            "EmailTags": [{"Name": "tenant", "Value": tenant_id}],
        }
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        try:
            response = self._ses.send_email(**request)
        except (ClientError, BotoCoreError) as exc:
            raise MessagingError(f"email was not sent: {_reason(exc)}") from None
        return Receipt("email", response["MessageId"], to, time.time())

    def send_sms(self, tenant_id: str, *, to: str, body: str) -> Receipt:
        if not to.startswith(self._sms_countries):  # SMS pumping: only the allowed countries
            allowed = ", ".join(self._sms_countries)
            raise MessagingError(f"texts go only to numbers starting {allowed} in this deployment")
        try:
            response = self._sns.publish(
                PhoneNumber=to,
                Message=body,
                MessageAttributes={
                    "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
                },
            )
        except (ClientError, BotoCoreError) as exc:
            raise MessagingError(f"text was not sent: {_reason(exc)}") from None
        return Receipt("sms", response["MessageId"], to, time.time())


def _reason(exc: Exception) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", "provider error"))
    return "provider unreachable"
