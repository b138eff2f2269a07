"""AWS mode: texts go only to the deployment's allowed countries (SMS pumping costs money)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from hard_e.messaging import MessagingError
from hard_e.messaging.aws import AwsMessenger


@pytest.fixture
def messenger(monkeypatch: pytest.MonkeyPatch) -> Iterator[AwsMessenger]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield AwsMessenger(sender_email=None, sms_country_codes=("+1",))


def test_a_text_to_an_allowed_country_is_sent(messenger: AwsMessenger) -> None:
    assert messenger.send_sms("t", to="+16145550100", body="See you at 9").message_id
    assert boto3.client("sns")  # moto recorded it (see test_aws_mode for the content)


def test_a_text_abroad_is_refused_clearly_and_nothing_is_sent(messenger: AwsMessenger) -> None:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    with pytest.raises(MessagingError, match=r"only to numbers starting \+1"):
        messenger.send_sms("t", to="+447700900123", body="hi")
    assert sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages == {}
