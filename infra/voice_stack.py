"""The voice stack: the Pipecat worker as a Fargate service beside the API.

Its own stack so that the API deploys (and rolls back) without touching running calls,
and a deployment without voice can leave it out.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import CfnOutput, IgnoreMode, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_ecr_assets as ecr_assets
from aws_cdk import aws_ecs as ecs
from constructs import Construct

from infra import constants as c
from infra.features.data_access import DataAccess
from infra.features.voice_service import VoiceService


def worker_image() -> ecs.ContainerImage:
    """The worker's image from voice_worker/Dockerfile; built by ``cdk deploy``, not at synth.

    The build context is the repository root narrowed by the Dockerfile's own ignore file,
    so ``docker build -f voice_worker/Dockerfile .`` sends exactly what CDK stages.
    """
    return ecs.ContainerImage.from_asset(
        str(c.ROOT),
        file=c.VOICE_DOCKERFILE,
        exclude=docker_ignore_patterns(),
        ignore_mode=IgnoreMode.DOCKER,
        platform=ecr_assets.Platform.LINUX_AMD64,
    )


def docker_ignore_patterns() -> list[str]:
    """The patterns in ``voice_worker/Dockerfile.dockerignore`` (BuildKit reads the same file)."""
    path = c.ROOT / f"{c.VOICE_DOCKERFILE}.dockerignore"
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


class VoiceStack(Stack):
    """The voice service; ``/api/offer`` is added to the API stack's HTTP API."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        data: DataAccess,
        http_api: apigwv2.IHttpApi,
        ice_servers: Sequence[str] = c.DEFAULT_VOICE_ICE_SERVERS,
        sender_email: str = "",
    ) -> None:
        super().__init__(
            scope, construct_id, description="Hard-E voice: Pipecat worker on Fargate (WebRTC)"
        )
        self.voice = VoiceService(
            self,
            "Voice",
            data=data,
            http_api=http_api,
            image=worker_image(),
            ice_servers=ice_servers,
            sender_email=sender_email,
        )
        for env, secret in self.voice.secrets.vendor_keys.items():
            CfnOutput(
                self,
                env.split("_")[0].capitalize() + "SecretName",
                value=secret.secret_name,
                description=f"Put the {env.split('_')[0].capitalize()} API key in this secret",
            )
        CfnOutput(
            self,
            "TurnSecretName",
            value=self.voice.secrets.turn.secret_name,
            description="TURN username and credential for the voice worker",
        )
        CfnOutput(self, "ClusterName", value=self.voice.cluster.cluster_name)
