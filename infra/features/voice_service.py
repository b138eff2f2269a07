"""The voice worker on Fargate: signalling through the HTTP API, media straight over UDP.

WebRTC media cannot go through API Gateway or an ALB, so each task has a public IP and a
security group that opens only the worker's ICE port range; STUN tells the worker that
address. The offer (HTTPS, with the rep's JWT) reaches the same origin as the rest of the
API: an ``/api/offer`` route on the HTTP API → VPC link → internal load balancer → task.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from aws_cdk import Duration, RemovalPolicy, SecretValue
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra import constants as c
from infra.features.data_access import DataAccess, app_environment, grant_data_access

PUBLIC = ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC)
ISOLATED = ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)


class VoiceSecrets(Construct):
    """Speech vendors' keys (placeholders until an admin fills them) and TURN credentials."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        # env var the worker reads → secret holding its value
        self.vendor_keys = {
            env: secretsmanager.Secret(
                self,
                f"{vendor}ApiKey",
                description=(
                    f"Hard-E voice: {vendor} API key. Replace the placeholder with the key; "
                    "until then the worker uses its offline speech engine."
                ),
                # Not a secret: a marker the worker reads as "no key configured".
                secret_string_value=SecretValue.unsafe_plain_text(c.ANTHROPIC_SECRET_PLACEHOLDER),
                removal_policy=RemovalPolicy.RETAIN,
            )
            for env, vendor in c.VOICE_VENDOR_SECRETS.items()
        }
        self.turn = secretsmanager.Secret(
            self,
            "TurnCredentials",
            description=(
                "Hard-E voice: username and credential of the TURN servers named in the "
                "hard-e:voice-ice-servers context (empty while only STUN is used)."
            ),
            # Not a secret yet: empty fields until a TURN server is configured.
            secret_object_value={
                field: SecretValue.unsafe_plain_text("") for field in c.VOICE_TURN_FIELDS.values()
            },
            removal_policy=RemovalPolicy.RETAIN,
        )

    def container_secrets(self) -> dict[str, ecs.Secret]:
        """Environment variables ECS fills from these secrets when a task starts."""
        found = {env: ecs.Secret.from_secrets_manager(s) for env, s in self.vendor_keys.items()}
        for env, field in c.VOICE_TURN_FIELDS.items():
            found[env] = ecs.Secret.from_secrets_manager(self.turn, field)
        return found


class VoiceNetwork(Construct):
    """Public subnets for the tasks (media), isolated ones for the load balancer and link."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            nat_gateways=0,  # tasks have public IPs; nothing else needs the internet
            subnet_configuration=[
                ec2.SubnetConfiguration(name="Media", subnet_type=ec2.SubnetType.PUBLIC),
                ec2.SubnetConfiguration(
                    name="Signalling", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED
                ),
            ],
        )
        self.workers = ec2.SecurityGroup(
            self, "Workers", vpc=self.vpc, description="Hard-E voice tasks: WebRTC media in"
        )
        low, high = c.VOICE_UDP_PORTS
        self.workers.add_ingress_rule(
            ec2.Peer.any_ipv4(), ec2.Port.udp_range(low, high), "WebRTC media (ICE/DTLS/SRTP)"
        )
        self.load_balancer = ec2.SecurityGroup(
            self,
            "LoadBalancer",
            vpc=self.vpc,
            description="Hard-E voice signalling load balancer",
            allow_all_outbound=False,
        )
        self.link = ec2.SecurityGroup(
            self,
            "VpcLink",
            vpc=self.vpc,
            description="Hard-E voice: API Gateway VPC link",
            allow_all_outbound=False,
        )
        self.load_balancer.add_ingress_rule(
            self.link, ec2.Port.tcp(80), "offers from the HTTP API's VPC link"
        )
        self.link.add_egress_rule(self.load_balancer, ec2.Port.tcp(80), "to the load balancer")


class VoiceService(Construct):
    """Cluster, task definition, service, signalling route and autoscaling of the worker."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        data: DataAccess,
        http_api: apigwv2.IHttpApi,
        image: ecs.ContainerImage,
        ice_servers: Sequence[str] = c.DEFAULT_VOICE_ICE_SERVERS,
        sender_email: str = "",
    ) -> None:
        super().__init__(scope, construct_id)
        self.network = VoiceNetwork(self, "Network")
        self.secrets = VoiceSecrets(self, "Secrets")
        vpc = self.network.vpc
        self.cluster = ecs.Cluster(
            self, "Cluster", vpc=vpc, container_insights_v2=ecs.ContainerInsights.ENABLED
        )
        self.task = self._task_definition(data, image, list(ice_servers), sender_email)
        self.service = ecs.FargateService(
            self,
            "Service",
            cluster=self.cluster,
            task_definition=self.task,
            desired_count=c.VOICE_MIN_TASKS,
            assign_public_ip=True,  # the address the browser sends media to
            vpc_subnets=PUBLIC,
            security_groups=[self.network.workers],
            min_healthy_percent=100,
            max_healthy_percent=200,
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
        )
        self.listener = self._signalling(vpc)
        self._routes(http_api, vpc)
        self._autoscaling()

    def _task_definition(
        self, data: DataAccess, image: ecs.ContainerImage, ice_servers: list[str], sender_email: str
    ) -> ecs.FargateTaskDefinition:
        task = ecs.FargateTaskDefinition(
            self,
            "Task",
            cpu=c.VOICE_CPU,
            memory_limit_mib=c.VOICE_MEMORY_MIB,
            runtime_platform=ecs.RuntimePlatform(
                cpu_architecture=ecs.CpuArchitecture.X86_64,
                operating_system_family=ecs.OperatingSystemFamily.LINUX,
            ),
        )
        access = c.FUNCTION_ACCESS["voice"]
        # each call acts for one company: the task role may only assume the tenant role
        self.tenant_role = grant_data_access(
            self, task.task_role, data, access, sender_email=sender_email
        )
        low, high = c.VOICE_UDP_PORTS
        health_url = f"http://127.0.0.1:{c.VOICE_PORT}{c.VOICE_HEALTH_PATH}"
        task.add_container(
            "Worker",
            image=image,
            essential=True,
            environment={
                **app_environment(
                    data, access, tenant_role=self.tenant_role, sender_email=sender_email
                ),
                c.ENV_VOICE_HOST: "0.0.0.0",  # noqa: S104 - inside the task's own network
                c.ENV_VOICE_PORT: str(c.VOICE_PORT),
                c.ENV_VOICE_ICE_SERVERS: json.dumps(ice_servers),
                c.ENV_VOICE_HOST_ADDRESSES: "[]",  # the task's own interface (its ENI)
                c.ENV_VOICE_PROCESSES: str(c.VOICE_PROCESSES),  # one per vCPU of the task
                c.ENV_VOICE_MAX_CALLS: str(c.VOICE_MAX_CALLS),
            },
            # aioice binds ICE sockets to port 0: the kernel picks them from this range,
            # which is exactly what the security group opens.
            system_controls=[
                ecs.SystemControl(namespace="net.ipv4.ip_local_port_range", value=f"{low} {high}")
            ],
            secrets=self.secrets.container_secrets(),
            port_mappings=[
                ecs.PortMapping(
                    container_port=c.VOICE_PORT, protocol=ecs.Protocol.TCP, name="signalling"
                )
            ],
            health_check=ecs.HealthCheck(
                command=[
                    "CMD",
                    "python",
                    "-c",
                    f"import urllib.request; urllib.request.urlopen('{health_url}', timeout=3)",
                ],
                interval=Duration.seconds(15),
                timeout=Duration.seconds(5),
                retries=3,
                start_period=Duration.seconds(60),  # models load before the first call
            ),
            stop_timeout=Duration.seconds(c.VOICE_DRAIN_SECONDS),
            logging=ecs.LogDrivers.aws_logs(
                stream_prefix="voice",
                log_group=logs.LogGroup(
                    self, "Logs", retention=logs.RetentionDays[c.LOG_RETENTION]
                ),
            ),
        )
        return task

    def _signalling(self, vpc: ec2.IVpc) -> elbv2.ApplicationListener:
        balancer = elbv2.ApplicationLoadBalancer(
            self,
            "Signalling",
            vpc=vpc,
            internet_facing=False,
            vpc_subnets=ISOLATED,
            security_group=self.network.load_balancer,
        )
        listener = balancer.add_listener(
            "Offers", port=80, protocol=elbv2.ApplicationProtocol.HTTP, open=False
        )
        listener.add_targets(
            "Workers",
            port=c.VOICE_PORT,
            protocol=elbv2.ApplicationProtocol.HTTP,
            targets=[self.service],
            health_check=elbv2.HealthCheck(
                path=c.VOICE_HEALTH_PATH,
                healthy_http_codes="200",
                interval=Duration.seconds(15),
                timeout=Duration.seconds(5),
            ),
            stickiness_cookie_duration=Duration.hours(c.VOICE_STICKY_HOURS),
            deregistration_delay=Duration.seconds(c.VOICE_DRAIN_SECONDS),
        )
        return listener

    def _routes(self, http_api: apigwv2.IHttpApi, vpc: ec2.IVpc) -> None:
        link = apigwv2.VpcLink(
            self, "Link", vpc=vpc, subnets=ISOLATED, security_groups=[self.network.link]
        )
        integration = integrations.HttpAlbIntegration("Offer", self.listener, vpc_link=link)
        # POST: the offer; PATCH: ICE candidates; GET: the page's watch on its call (a long
        # poll that answers within voice_worker.app.MAX_WATCH_SECONDS, inside API Gateway's 30 s)
        for method in (apigwv2.HttpMethod.POST, apigwv2.HttpMethod.PATCH, apigwv2.HttpMethod.GET):
            apigwv2.HttpRoute(
                self,
                f"Offer{method.value.capitalize()}",
                http_api=http_api,
                route_key=apigwv2.HttpRouteKey.with_(c.VOICE_OFFER_PATH, method),
                integration=integration,
            )

    def _autoscaling(self) -> None:
        scaling = self.service.auto_scale_task_count(
            min_capacity=c.VOICE_MIN_TASKS, max_capacity=c.VOICE_MAX_TASKS
        )
        scaling.scale_on_cpu_utilization(
            "Cpu",
            target_utilization_percent=c.VOICE_CPU_TARGET_PERCENT,
            scale_in_cooldown=Duration.minutes(5),
            scale_out_cooldown=Duration.minutes(1),
        )
        scaling.scale_to_track_custom_metric(
            "ActiveCalls",
            metric=cloudwatch.Metric(
                namespace=c.POWERTOOLS_METRICS_NAMESPACE,
                metric_name=c.VOICE_METRIC_NAME,
                dimensions_map={"service": c.POWERTOOLS_SERVICE_NAME},
                statistic="Average",
                period=Duration.minutes(1),
            ),
            target_value=c.VOICE_CALLS_PER_TASK,
            scale_in_cooldown=Duration.minutes(5),
            scale_out_cooldown=Duration.minutes(1),
        )
