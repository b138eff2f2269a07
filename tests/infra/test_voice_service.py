"""The voice stack: Fargate worker, WebRTC networking, signalling route, secrets, scaling."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from infra import constants as c
from infra.voice_stack import docker_ignore_patterns
from tests.infra.support import Synthesised
from tests.infra.test_infra_stacks import (
    as_list,
    functions_by_name,
    of_type,
    role_of,
    role_statements,
    the_one,
)
from voice_worker.settings import VoiceSettings

Json = Any


@pytest.fixture(scope="module")
def voice(synthesised: Synthesised) -> dict[str, Any]:
    return synthesised.voice


@pytest.fixture(scope="module")
def worker(voice: dict[str, Any]) -> dict[str, Any]:
    _, task = the_one(voice, "AWS::ECS::TaskDefinition")
    (container,) = task["Properties"]["ContainerDefinitions"]
    found: dict[str, Any] = container
    return found


def ref_id(value: Json) -> str:
    """The logical id behind a Ref or a Fn::GetAtt."""
    if "Ref" in value:
        return str(value["Ref"])
    return str(value["Fn::GetAtt"][0])


def stack_output(value: Json) -> tuple[str, str]:
    ref = value["Fn::GetStackOutput"]
    return ref["StackName"], ref["OutputName"]


def output_value(synthesised: Synthesised, value: Json) -> Json:
    """What a cross-stack reference reads, in the producing stack's own terms."""
    stack, output = stack_output(value)
    template = {c.DATA_STACK_NAME: synthesised.data, c.API_STACK_NAME: synthesised.api}[stack]
    return template["Outputs"][output]["Value"]


def ingress_rules(voice: dict[str, Any], group_id: str) -> list[dict[str, Any]]:
    """Inline and separate ingress rules of one security group."""
    group = voice["Resources"][group_id]["Properties"]
    rules = list(group.get("SecurityGroupIngress", []))
    for rule in of_type(voice, "AWS::EC2::SecurityGroupIngress").values():
        if ref_id(rule["Properties"]["GroupId"]) == group_id:
            rules.append(rule["Properties"])
    return rules


def service(voice: dict[str, Any]) -> dict[str, Any]:
    _, found = the_one(voice, "AWS::ECS::Service")
    props: dict[str, Any] = found["Properties"]
    return props


# --- the container --------------------------------------------------------------------


def test_worker_runs_on_fargate_from_the_dockerfile_without_docker_at_synth(
    synthesised: Synthesised, voice: dict[str, Any], worker: dict[str, Any]
) -> None:
    # Given the synthesised app (no Docker daemon on this machine), When we read the voice
    # stack's assets, Then the image is a Docker asset to build from voice_worker/Dockerfile
    # at deploy time: only its build context was staged
    _, task = the_one(voice, "AWS::ECS::TaskDefinition")
    assert task["Properties"]["RequiresCompatibilities"] == ["FARGATE"]
    assert task["Properties"]["NetworkMode"] == "awsvpc"
    assert task["Properties"]["Cpu"] == str(c.VOICE_CPU)
    assert task["Properties"]["Memory"] == str(c.VOICE_MEMORY_MIB)
    manifest = json.loads((synthesised.outdir / f"{c.VOICE_STACK_NAME}.assets.json").read_text())
    (image_hash, image) = next(iter(manifest["dockerImages"].items()))
    assert image["source"]["dockerFile"] == c.VOICE_DOCKERFILE
    assert image["source"]["platform"] == "linux/amd64"
    assert image_hash in json.dumps(worker["Image"])
    context = synthesised.outdir / image["source"]["directory"]
    assert sorted(p.name for p in context.iterdir()) == [
        "README.md",
        "pyproject.toml",
        "shared",
        "voice_worker",
    ]
    assert (context / c.VOICE_DOCKERFILE).is_file()
    assert not list(context.rglob("__pycache__"))


def test_worker_listens_on_its_port_and_answers_health_checks(
    voice: dict[str, Any], worker: dict[str, Any]
) -> None:
    assert worker["PortMappings"] == [
        {"ContainerPort": c.VOICE_PORT, "Name": "signalling", "Protocol": "tcp"}
    ]
    command = " ".join(worker["HealthCheck"]["Command"])
    assert f"http://127.0.0.1:{c.VOICE_PORT}{c.VOICE_HEALTH_PATH}" in command
    _, group = the_one(voice, "AWS::ElasticLoadBalancingV2::TargetGroup")
    assert group["Properties"]["HealthCheckPath"] == c.VOICE_HEALTH_PATH
    assert group["Properties"]["Port"] == c.VOICE_PORT
    assert group["Properties"]["TargetType"] == "ip"
    # a stopping task keeps its calls for the drain time, on the balancer and in ECS
    attributes = {a["Key"]: a["Value"] for a in group["Properties"]["TargetGroupAttributes"]}
    assert attributes["deregistration_delay.timeout_seconds"] == str(c.VOICE_DRAIN_SECONDS)
    assert attributes["stickiness.enabled"] == "true"
    assert worker["StopTimeout"] == c.VOICE_DRAIN_SECONDS


def test_worker_settings_point_at_the_data_stack(
    synthesised: Synthesised, worker: dict[str, Any]
) -> None:
    env = {e["Name"]: e["Value"] for e in worker["Environment"]}
    assert env[c.ENV_MODE] == c.MODE_AWS
    assert env[c.ENV_VOICE_PORT] == str(c.VOICE_PORT)
    assert env[c.ENV_VOICE_HOST] == "0.0.0.0"
    assert json.loads(env[c.ENV_VOICE_HOST_ADDRESSES]) == []  # the task's own interface
    assert json.loads(env[c.ENV_VOICE_ICE_SERVERS]) == list(c.DEFAULT_VOICE_ICE_SERVERS)
    table_id, _ = the_one(synthesised.data, "AWS::DynamoDB::Table")
    assert output_value(synthesised, env[c.ENV_TABLE_NAME]) == {"Ref": table_id}
    secrets = of_type(synthesised.data, "AWS::SecretsManager::Secret")
    for name in (c.ENV_JWT_SECRET_ARN, c.ENV_ANTHROPIC_SECRET_ARN):
        assert ref_id(output_value(synthesised, env[name])) in secrets


def test_the_task_runs_one_call_process_per_vcpu_and_its_calls_fit_in_memory(
    voice: dict[str, Any], worker: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the task definition, Then the worker starts one call process per vCPU of the
    # task (a container sees the host's cores), the calls a task may take fit its memory
    # at the measured sizes, and the scaling target leaves head-room under that limit
    _, task = the_one(voice, "AWS::ECS::TaskDefinition")
    vcpus = int(task["Properties"]["Cpu"]) // 1024
    env = {e["Name"]: e["Value"] for e in worker["Environment"]}
    processes, max_calls = int(env[c.ENV_VOICE_PROCESSES]), int(env[c.ENV_VOICE_MAX_CALLS])
    assert processes == vcpus >= 2  # calls on every core the task pays for
    needed = c.VOICE_SERVER_MIB + processes * c.VOICE_PROCESS_MIB + max_calls * c.VOICE_CALL_MIB
    assert needed <= int(task["Properties"]["Memory"])
    assert max_calls > c.VOICE_CALLS_PER_TASK  # scale out before a task says "busy"
    for name, value in env.items():  # the worker reads what the task sets
        monkeypatch.setenv(name, value)
    settings = VoiceSettings()
    assert (settings.processes, settings.max_calls) == (processes, max_calls)


# --- secrets --------------------------------------------------------------------------


def test_vendor_keys_and_turn_credentials_come_from_secrets_manager(
    voice: dict[str, Any], worker: dict[str, Any]
) -> None:
    # Given the task definition, Then Deepgram, Cartesia and the TURN credentials are ECS
    # secrets filled from Secrets Manager at task start, and no key is in the template
    secrets = {s["Name"]: s["ValueFrom"] for s in worker["Secrets"]}
    assert set(secrets) == {"DEEPGRAM_API_KEY", "CARTESIA_API_KEY", *c.VOICE_TURN_FIELDS}
    stored = of_type(voice, "AWS::SecretsManager::Secret")
    for name in ("DEEPGRAM_API_KEY", "CARTESIA_API_KEY"):
        value = stored[ref_id(secrets[name])]["Properties"]["SecretString"]
        assert value == c.ANTHROPIC_SECRET_PLACEHOLDER  # the admin replaces it
    for name, field in c.VOICE_TURN_FIELDS.items():
        # "<secret arn>:<json field>::" — one field of the TurnCredentials secret
        parts = secrets[name]["Fn::Join"][1]
        (turn_secret,) = [ref_id(p) for p in parts if isinstance(p, dict)]
        assert parts[-1] == f":{field}::"
        turn = json.loads(stored[turn_secret]["Properties"]["SecretString"])
        assert turn[field] == ""  # empty until a TURN server is configured
    assert all(s["DeletionPolicy"] == "Retain" for s in stored.values())
    env_names = {e["Name"] for e in worker["Environment"]}
    assert not env_names & set(secrets)


def test_ice_servers_come_from_context(tmp_path: Path) -> None:
    from infra.app import build_app, cdk_json_context
    from tests.infra.support import stand_in_assets

    servers = "stun:stun.example.com:3478, turn:turn.example.com:443?transport=tcp"
    context = {**cdk_json_context(), c.VOICE_ICE_SERVERS_CONTEXT_KEY: servers}
    _, _, _, stack = build_app(
        stand_in_assets(tmp_path / "lambda"),
        outdir=tmp_path / "out",
        context=context,
        builtin_validation=False,
    )
    task = stack.voice.task.node.default_child
    environment = stack.resolve(task.container_definitions)[0]["environment"]  # type: ignore[union-attr]
    env = {e["name"]: e["value"] for e in environment}
    assert json.loads(env[c.ENV_VOICE_ICE_SERVERS]) == [
        "stun:stun.example.com:3478",
        "turn:turn.example.com:443?transport=tcp",
    ]


def test_only_the_execution_role_reads_the_voice_secrets(
    voice: dict[str, Any],
) -> None:
    _, task = the_one(voice, "AWS::ECS::TaskDefinition")
    execution_role = ref_id(task["Properties"]["ExecutionRoleArn"])
    task_role = ref_id(task["Properties"]["TaskRoleArn"])
    reads = [
        s
        for s in role_statements(voice, execution_role)
        if "secretsmanager:GetSecretValue" in as_list(s["Action"])
    ]
    (read,) = reads
    assert sorted(ref_id(r) for r in read["Resource"]) == sorted(
        of_type(voice, "AWS::SecretsManager::Secret")
    )
    for statement in role_statements(voice, task_role):
        if "secretsmanager:GetSecretValue" in as_list(statement["Action"]):
            resources = json.dumps(statement["Resource"])
            assert not any(
                secret in resources for secret in of_type(voice, "AWS::SecretsManager::Secret")
            )


# --- networking -----------------------------------------------------------------------


def test_tasks_get_public_ips_and_only_the_media_port_range_is_open(
    voice: dict[str, Any], worker: dict[str, Any]
) -> None:
    # Given the service, Then tasks sit in public subnets with public IPs (media goes
    # straight to them) and their security group opens UDP for the ICE range only,
    # plus the worker's TCP port to the load balancer alone
    network = service(voice)["NetworkConfiguration"]["AwsvpcConfiguration"]
    assert network["AssignPublicIp"] == "ENABLED"
    subnets = of_type(voice, "AWS::EC2::Subnet")
    for subnet in network["Subnets"]:
        assert subnets[ref_id(subnet)]["Properties"]["MapPublicIpOnLaunch"] is True
    (group,) = network["SecurityGroups"]
    rules = ingress_rules(voice, ref_id(group))
    low, high = c.VOICE_UDP_PORTS
    udp = [r for r in rules if r["IpProtocol"] == "udp"]
    assert udp == [
        {
            "CidrIp": "0.0.0.0/0",
            "Description": "WebRTC media (ICE/DTLS/SRTP)",
            "FromPort": low,
            "IpProtocol": "udp",
            "ToPort": high,
        }
    ]
    tcp = [r for r in rules if r["IpProtocol"] == "tcp"]
    (from_balancer,) = tcp
    assert (from_balancer["FromPort"], from_balancer["ToPort"]) == (c.VOICE_PORT, c.VOICE_PORT)
    _, balancer = the_one(voice, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    (balancer_group,) = balancer["Properties"]["SecurityGroups"]
    assert ref_id(from_balancer["SourceSecurityGroupId"]) == ref_id(balancer_group)
    assert len(rules) == 2
    # the worker's ICE sockets (bound to port 0) get their ports from exactly that range
    assert worker["SystemControls"] == [
        {"Namespace": "net.ipv4.ip_local_port_range", "Value": f"{low} {high}"}
    ]


def test_signalling_is_private_behind_the_http_api(
    synthesised: Synthesised, voice: dict[str, Any]
) -> None:
    # Given the voice stack, Then POST, PATCH and GET /api/offer on the API stack's HTTP API go
    # through a VPC link to an internal load balancer; nothing else reaches it
    _, balancer = the_one(voice, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    assert balancer["Properties"]["Scheme"] == "internal"
    subnets = of_type(voice, "AWS::EC2::Subnet")
    for subnet in balancer["Properties"]["Subnets"]:
        assert subnets[ref_id(subnet)]["Properties"]["MapPublicIpOnLaunch"] is False
    (balancer_group,) = balancer["Properties"]["SecurityGroups"]
    (link_id, link) = the_one(voice, "AWS::ApiGatewayV2::VpcLink")
    (link_group,) = link["Properties"]["SecurityGroupIds"]
    rules = ingress_rules(voice, ref_id(balancer_group))
    assert [(ref_id(r["SourceSecurityGroupId"]), r["FromPort"]) for r in rules] == [
        (ref_id(link_group), 80)
    ]
    routes = of_type(voice, "AWS::ApiGatewayV2::Route").values()
    assert sorted(r["Properties"]["RouteKey"] for r in routes) == [
        f"GET {c.VOICE_OFFER_PATH}",
        f"PATCH {c.VOICE_OFFER_PATH}",
        f"POST {c.VOICE_OFFER_PATH}",
    ]
    api_id, _ = the_one(synthesised.api, "AWS::ApiGatewayV2::Api")
    _, integration = the_one(voice, "AWS::ApiGatewayV2::Integration")
    listener_id, _ = the_one(voice, "AWS::ElasticLoadBalancingV2::Listener")
    for resource in (*routes, integration):
        assert output_value(synthesised, resource["Properties"]["ApiId"]) == {"Ref": api_id}
    assert integration["Properties"]["ConnectionType"] == "VPC_LINK"
    assert integration["Properties"]["ConnectionId"] == {"Ref": link_id}
    assert integration["Properties"]["IntegrationUri"] == {"Ref": listener_id}


# --- scaling --------------------------------------------------------------------------


def test_service_scales_on_cpu_and_active_calls(voice: dict[str, Any]) -> None:
    _, target = the_one(voice, "AWS::ApplicationAutoScaling::ScalableTarget")
    assert target["Properties"]["MinCapacity"] == c.VOICE_MIN_TASKS
    assert target["Properties"]["MaxCapacity"] == c.VOICE_MAX_TASKS
    configs = [
        p["Properties"]["TargetTrackingScalingPolicyConfiguration"]
        for p in of_type(voice, "AWS::ApplicationAutoScaling::ScalingPolicy").values()
    ]
    cpu = [cfg for cfg in configs if "PredefinedMetricSpecification" in cfg]
    assert [cfg["PredefinedMetricSpecification"]["PredefinedMetricType"] for cfg in cpu] == [
        "ECSServiceAverageCPUUtilization"
    ]
    assert cpu[0]["TargetValue"] == c.VOICE_CPU_TARGET_PERCENT
    (calls,) = [cfg for cfg in configs if "CustomizedMetricSpecification" in cfg]
    metric = calls["CustomizedMetricSpecification"]
    assert (metric["Namespace"], metric["MetricName"]) == (
        c.POWERTOOLS_METRICS_NAMESPACE,
        c.VOICE_METRIC_NAME,
    )
    assert calls["TargetValue"] == c.VOICE_CALLS_PER_TASK
    deployment = service(voice)["DeploymentConfiguration"]
    assert deployment["DeploymentCircuitBreaker"] == {"Enable": True, "Rollback": True}
    assert deployment["MinimumHealthyPercent"] == 100  # a deploy never drops running calls


# --- least privilege --------------------------------------------------------------------


def own_and_tenant_roles(template: dict[str, Any], own: str) -> tuple[str, str]:
    """A role and the one tenant role it may assume (with a session tag)."""
    (assume,) = [
        s for s in role_statements(template, own) if "sts:AssumeRole" in as_list(s["Action"])
    ]
    assert sorted(as_list(assume["Action"])) == ["sts:AssumeRole", "sts:TagSession"]
    return own, str(assume["Resource"]["Fn::GetAtt"][0])


def test_worker_may_do_exactly_what_the_chat_function_may_for_one_company_at_a_time(
    synthesised: Synthesised, voice: dict[str, Any], worker: dict[str, Any]
) -> None:
    # Given the task role, Then it holds no company's data itself: it may assume its
    # tenant role (each call binds the rep's company), which may do what the chat
    # function's tenant role may (same brain, same tools), and nothing more
    _, task = the_one(voice, "AWS::ECS::TaskDefinition")
    task_role, tenant_role = own_and_tenant_roles(voice, ref_id(task["Properties"]["TaskRoleArn"]))
    _, chat = functions_by_name(synthesised.api)["chat"]
    chat_own, chat_tenant = own_and_tenant_roles(synthesised.api, role_of(chat))

    def actions(template: dict[str, Any], role: str) -> set[str]:
        return {
            f"{s['Effect']} {a}"
            for s in role_statements(template, role)
            for a in as_list(s["Action"])
            if not a.startswith(("xray:", "logs:"))  # tracing and logs, not data access
            and c.API_KEY_LOOKUP.leading_key not in json.dumps(s)  # agents' keys: no voice
        }

    assert actions(voice, task_role) == actions(synthesised.api, chat_own)
    assert actions(voice, tenant_role) == actions(synthesised.api, chat_tenant)
    for statement in role_statements(voice, task_role):
        if any(a.startswith("dynamodb:") for a in as_list(statement["Action"])):
            keys = statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
            assert keys == ["LEARN#QUEUE"]  # its own role: the learn queue, no company
        assert not any(a.startswith(("s3:", "kms:")) for a in as_list(statement["Action"]))
    for statement in role_statements(voice, tenant_role):
        assert not any(a.endswith(":*") for a in as_list(statement["Action"])), statement
        assert "dynamodb:Scan" not in as_list(statement["Action"])
        if any(a.startswith("dynamodb:") for a in as_list(statement["Action"])):
            keys = statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
            assert keys in ([c.TENANT_LEADING_KEY], ["LEARN#QUEUE"])
    # only the task role may assume it, and only naming a company in the session tag
    trust = voice["Resources"][tenant_role]["Properties"]["AssumeRolePolicyDocument"]
    (statement,) = trust["Statement"]
    assert sorted(as_list(statement["Action"])) == ["sts:AssumeRole", "sts:TagSession"]
    assert statement["Principal"]["AWS"] == {"Fn::GetAtt": [task_role, "Arn"]}
    assert statement["Condition"] == {
        "StringLike": {f"aws:RequestTag/{c.TENANT_TAG}": c.TENANT_ID_PATTERN}
    }
    # and the worker knows which role that is
    environment = {e["Name"]: e["Value"] for e in worker["Environment"]}
    assert environment[c.ENV_TENANT_ROLE_ARN] == {"Fn::GetAtt": [tenant_role, "Arn"]}


# --- the Dockerfile -----------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) pairs, continuation lines joined, comments dropped."""
    text = (c.ROOT / c.VOICE_DOCKERFILE).read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    pairs = [line.split(None, 1) for line in lines if line and not line.startswith("#")]
    return [(p[0].upper(), p[1] if len(p) > 1 else "") for p in pairs]


def test_dockerfile_installs_the_project_with_the_voice_extra_and_runs_the_worker() -> None:
    steps = dockerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    runs = " ".join(arg for op, arg in steps if op == "RUN")
    assert "pip install '.[voice]'" in runs
    assert ("CMD", '["python", "-m", "voice_worker"]') in steps
    assert (c.ROOT / "voice_worker" / "__main__.py").is_file()  # what that CMD runs
    users = [arg for op, arg in steps if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert ("EXPOSE", str(c.VOICE_PORT)) in steps
    env = " ".join(arg for op, arg in steps if op == "ENV")
    assert f"{c.ENV_VOICE_PORT}={c.VOICE_PORT}" in env


def test_everything_the_dockerfile_copies_is_in_the_build_context(
    synthesised: Synthesised,
) -> None:
    manifest = json.loads((synthesised.outdir / f"{c.VOICE_STACK_NAME}.assets.json").read_text())
    (image,) = manifest["dockerImages"].values()
    context = synthesised.outdir / image["source"]["directory"]
    copied = [arg.split()[:-1] for op, arg in dockerfile() if op == "COPY"]
    sources = [source for group in copied for source in group]
    assert sources, "the Dockerfile copies nothing"
    for source in sources:
        assert (context / source).exists(), source


def test_the_ignore_file_keeps_the_context_small() -> None:
    patterns = docker_ignore_patterns()
    assert patterns[0] == "*"  # everything out, then only what the image needs back in
    kept = sorted(p.removeprefix("!") for p in patterns if p.startswith("!"))
    assert kept == ["README.md", "pyproject.toml", "shared", "voice_worker"]
    assert all(not re.search(r"\.venv|\.git\b", p) for p in kept)
    assert Path(c.ROOT / f"{c.VOICE_DOCKERFILE}.dockerignore").is_file()
