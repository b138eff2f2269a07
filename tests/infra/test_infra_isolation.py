"""Tenant isolation in IAM: every grant on the table, bucket and key names the company.

These walk every function of ``hard_e.api.routes.FUNCTIONS``, so a function added there
is held to the same rules without a new test.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from hard_e import keys
from hard_e.api.routes import FUNCTIONS
from infra import constants as c
from infra.features.data_access import access_of
from tests.infra.support import (
    Synthesised,
    as_list,
    deploy_time_roles,
    functions_by_name,
    of_type,
    resolve,
    role_of,
    role_statements,
    the_one,
)

TENANT_LEADING_KEY = "T#${aws:PrincipalTag/tenant}#*"
TENANT_OBJECTS = "/T#${aws:PrincipalTag/tenant}/*"
TENANT_CONTEXT = {"kms:EncryptionContext:tenant_id": "${aws:PrincipalTag/tenant}"}
API_KEY_PARTITION = "T#" + "?" * 16 + "#APIKEY"


def global_partition_patterns() -> set[str]:
    """``keys.GLOBAL_PARTITIONS`` as IAM patterns: ``EMAIL#<email>`` → ``EMAIL#*``."""
    return {p.split("<", 1)[0] + ("*" if "<" in p else "") for p, _ in keys.GLOBAL_PARTITIONS}


def tenant_role_of(api: dict[str, Any], function_role: str) -> str:
    """The role the function's own role may assume (its tenant role)."""
    (assume,) = [
        s for s in role_statements(api, function_role) if "sts:AssumeRole" in as_list(s["Action"])
    ]
    assert sorted(as_list(assume["Action"])) == ["sts:AssumeRole", "sts:TagSession"]
    role_id: str = assume["Resource"]["Fn::GetAtt"][0]
    return role_id


SCOPED = [spec for spec in FUNCTIONS if spec.name not in c.COMPANY_WIDE]


def agents_call(name: str) -> bool:
    return any(r.agents for s in FUNCTIONS if s.name == name for r in s.routes)


def roles(synthesised: Synthesised) -> dict[str, tuple[str, str]]:
    """Function name → (its own role, its tenant role), for the tenant-scoped functions."""
    found = {}
    for name, (_, function) in functions_by_name(synthesised.api).items():
        if name in c.COMPANY_WIDE:
            continue
        own = role_of(function)
        found[name] = (own, tenant_role_of(synthesised.api, own))
    return found


def test_only_the_listed_callers_are_company_wide() -> None:
    """A new function is tenant-scoped unless it is added here with its reason."""
    assert set(c.COMPANY_WIDE) == {"operators"}
    assert {n for n, a in c.FUNCTION_ACCESS.items() if a.company_wide} == set(c.COMPANY_WIDE)
    scanners = {n for n, a in c.FUNCTION_ACCESS.items() if a.table_scan}
    assert scanners == {"operators"}  # offboarding only


def data_ids(synthesised: Synthesised) -> dict[str, str]:
    return {
        "table": the_one(synthesised.data, "AWS::DynamoDB::Table")[0],
        "bucket": the_one(synthesised.data, "AWS::S3::Bucket")[0],
        "key": the_one(synthesised.data, "AWS::KMS::Key")[0],
    }


def touches(statement: dict[str, Any], logical_id: str) -> bool:
    return logical_id in json.dumps(statement["Resource"])


def test_every_function_has_a_tenant_role_only_its_own_role_may_assume_with_a_tag(
    synthesised: Synthesised,
) -> None:
    found = roles(synthesised)
    assert set(found) == {spec.name for spec in SCOPED}
    all_roles = of_type(synthesised.api, "AWS::IAM::Role")
    company_wide = {
        role_of(f)
        for n, (_, f) in functions_by_name(synthesised.api).items()
        if n in c.COMPANY_WIDE
    }
    assert (
        set(all_roles) - deploy_time_roles(synthesised.api)
        == {r for pair in found.values() for r in pair} | company_wide
    )
    for name, (own, tenant) in found.items():
        assert own != tenant
        own_trust = all_roles[own]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
        assert own_trust == [
            {
                "Action": "sts:AssumeRole",
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
            }
        ], name
        (trust,) = all_roles[tenant]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
        assert sorted(as_list(trust["Action"])) == ["sts:AssumeRole", "sts:TagSession"], name
        assert trust["Principal"] == {"AWS": {"Fn::GetAtt": [own, "Arn"]}}, name
        assert trust["Condition"] == {"StringLike": {"aws:RequestTag/tenant": "?" * 16}}, name
        for role in (own, tenant):
            assert "ManagedPolicyArns" not in all_roles[role]["Properties"]


def test_every_table_bucket_and_key_statement_names_the_company(
    synthesised: Synthesised,
) -> None:
    """The must-show check: a grant on the table, bucket or CRM key without its tenant
    condition fails here (the listed global partitions excepted)."""
    ids = data_ids(synthesised)
    allowed_global = global_partition_patterns() | {API_KEY_PARTITION}
    checked = 0
    for name, (own, tenant) in roles(synthesised).items():
        for role in (own, tenant):
            for statement in resolve(role_statements(synthesised.api, role), synthesised.data):
                if statement["Effect"] != "Allow":
                    continue
                actions = as_list(statement["Action"])
                if touches(statement, ids["table"]):
                    checked += 1
                    condition = statement.get("Condition", {})
                    assert list(condition) == ["ForAllValues:StringLike"], (name, statement)
                    (leading,) = as_list(
                        condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
                    )
                    assert "dynamodb:Scan" not in actions and "dynamodb:*" not in actions
                    if leading == TENANT_LEADING_KEY:
                        assert role == tenant, f"{name}: a tenant grant on the function's own role"
                    elif leading == API_KEY_PARTITION:
                        assert actions == ["dynamodb:GetItem"], (name, statement)
                    else:
                        assert leading in allowed_global, (name, leading)
                if touches(statement, ids["bucket"]):
                    checked += 1
                    assert role == tenant, f"{name}: bucket access outside the tenant role"
                    for resource in as_list(statement["Resource"]):
                        joined = resource["Fn::Join"][1]
                        assert joined[-1] == TENANT_OBJECTS, (name, statement)
                    assert not any(a.startswith("s3:List") for a in actions), name
                if touches(statement, ids["key"]):
                    checked += 1
                    assert role == tenant, f"{name}: key access outside the tenant role"
                    assert statement["Condition"]["StringEquals"] == TENANT_CONTEXT, name
    assert checked >= len(SCOPED)  # every function at least reaches the table


def test_the_global_partitions_are_exactly_those_hard_e_keys_lists(
    synthesised: Synthesised,
) -> None:
    granted = {
        grant.leading_key
        for spec in SCOPED
        for grant in access_of(spec.name, agents=agents_call(spec.name)).global_grants
    } - {API_KEY_PARTITION}
    assert granted <= global_partition_patterns()
    # OPERATORS is used only by the company-wide operators function
    assert global_partition_patterns() - granted <= {"OPERATORS"}


def test_only_agent_functions_may_look_up_api_keys_before_verifying_them(
    synthesised: Synthesised,
) -> None:
    for spec in SCOPED:
        own, _ = roles(synthesised)[spec.name]
        text = json.dumps(role_statements(synthesised.api, own))
        assert (API_KEY_PARTITION in text) == any(r.agents for r in spec.routes), spec.name


def secrets_read(synthesised: Synthesised) -> dict[str, set[str]]:
    """Function name → which secrets (``jwt`` / ``anthropic``) its roles may read."""
    secrets = of_type(synthesised.data, "AWS::SecretsManager::Secret")
    kind = {
        sid: "jwt" if "GenerateSecretString" in s["Properties"] else "anthropic"
        for sid, s in secrets.items()
    }
    found: dict[str, set[str]] = {}
    for name, (_, function) in functions_by_name(synthesised.api).items():
        found[name] = set()
        own = role_of(function)
        pair = roles(synthesised).get(name, (own, own))
        for role in pair:
            for statement in role_statements(synthesised.api, role):
                if any(a.startswith("secretsmanager:") for a in as_list(statement["Action"])):
                    assert as_list(statement["Action"]) == ["secretsmanager:GetSecretValue"]
                    refs = json.dumps(resolve(statement["Resource"], synthesised.data))
                    found[name] |= {k for sid, k in kind.items() if sid in refs}
    return found


def test_only_functions_that_verify_tokens_read_the_signing_key(
    synthesised: Synthesised,
) -> None:
    readers = {name for name, kinds in secrets_read(synthesised).items() if "jwt" in kinds}
    people = {
        spec.name
        for spec in FUNCTIONS
        if any(not r.public for r in spec.routes) and access_of(spec.name).signing_key
    }
    assert readers == people
    assert not readers & {"ingest", "learner", "mcp"}  # no tokens there: events, API keys


def test_only_functions_that_talk_to_claude_read_its_key(synthesised: Synthesised) -> None:
    readers = {name for name, kinds in secrets_read(synthesised).items() if "anthropic" in kinds}
    assert readers == {"chat", "learner", "onboarding"}  # onboarding: the soul preview


@pytest.mark.parametrize("name", ["chat", "tools", "mcp"])
def test_reading_functions_cannot_write_documents(synthesised: Synthesised, name: str) -> None:
    _, tenant = roles(synthesised)[name]
    s3 = [
        a
        for s in role_statements(synthesised.api, tenant)
        for a in as_list(s["Action"])
        if a.startswith("s3:")
    ]
    assert s3 == ["s3:GetObject"]


def test_secrets_reach_only_the_functions_that_read_them(synthesised: Synthesised) -> None:
    read = secrets_read(synthesised)
    for name, (_, function) in functions_by_name(synthesised.api).items():
        variables = function["Environment"]["Variables"]
        assert ("HARD_E_JWT_SECRET_ARN" in variables) == ("jwt" in read[name]), name
        assert ("HARD_E_ANTHROPIC_SECRET_ARN" in variables) == ("anthropic" in read[name]), name
        if name in c.COMPANY_WIDE:
            assert "HARD_E_TENANT_ROLE_ARN" not in variables, name
            continue
        tenant_role = roles(synthesised)[name][1]
        assert variables["HARD_E_TENANT_ROLE_ARN"] == {"Fn::GetAtt": [tenant_role, "Arn"]}
        assert variables["HARD_E_MODE"] == "aws"


def test_auth_touches_no_documents_key_or_messaging(synthesised: Synthesised) -> None:
    own, tenant = roles(synthesised)["auth"]
    used = {
        a.split(":")[0]
        for role in (own, tenant)
        for s in role_statements(synthesised.api, role)
        for a in as_list(s["Action"])
    }
    assert used == {"logs", "dynamodb", "secretsmanager", "sts", "xray"}


def test_sts_grant_is_the_functions_own_tenant_role_only(synthesised: Synthesised) -> None:
    for name, (own, tenant) in roles(synthesised).items():
        sts = [
            s
            for role in (own, tenant)
            for s in role_statements(synthesised.api, role)
            if any(a.startswith("sts:") for a in as_list(s["Action"]))
        ]
        assert len(sts) == 1 and sts[0]["Resource"] == {"Fn::GetAtt": [tenant, "Arn"]}, name
    assert c.TENANT_TAG == "tenant"


def test_onboarding_acts_for_one_company_with_only_its_global_partitions(
    synthesised: Synthesised,
) -> None:
    # Given the onboarding function, whose public routes act before anyone is signed in
    own, tenant = roles(synthesised)["onboarding"]
    ids = data_ids(synthesised)
    table_grants: dict[str, dict[str, list[str]]] = {"own": {}, "tenant": {}}
    for label, role in (("own", own), ("tenant", tenant)):
        for statement in resolve(role_statements(synthesised.api, role), synthesised.data):
            if statement["Effect"] == "Allow" and touches(statement, ids["table"]):
                (leading,) = as_list(
                    statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]
                )
                table_grants[label][leading] = sorted(as_list(statement["Action"]))
            if touches(statement, ids["bucket"]) or touches(statement, ids["key"]):
                assert role == tenant, statement  # documents and CRM key: one company only
    # Then its own role reaches the email claims and the company registry, nothing else
    # of the table (not the operators' partition, not any company's items), and no Scan
    claims = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem"]
    registry = ["dynamodb:DeleteItem", "dynamodb:PutItem"]
    assert table_grants["own"] == {"EMAIL#*": claims, "TENANTS": registry}
    # and the company's items only through the tenant role, tagged with that company
    assert table_grants["tenant"] == {
        "EMAIL#*": claims,
        "TENANTS": registry,
        TENANT_LEADING_KEY: sorted(c.DYNAMODB_ACTIONS),
    }
