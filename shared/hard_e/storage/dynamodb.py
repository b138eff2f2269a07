"""`Table` on DynamoDB: the production adapter, and the table's schema (`create_table`).

DynamoDB's TTL sweeper deletes late, so every read also drops items whose ``ttl`` has
passed, and every condition treats them as absent. Base-table reads are strongly
consistent, like the SQLite adapter; ``gsi1`` queries cannot be (DynamoDB's rule).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from hard_e.storage.exceptions import CeilingReachedError, ConditionFailedError, StorageError
from hard_e.storage.table import (
    GSI1,
    GSI1_PK,
    GSI1_SK,
    PK,
    SK,
    TTL_ATTRIBUTE,
    VERSION_ATTRIBUTE,
    Clock,
    Condition,
    Item,
    MustExist,
    MustNotExist,
    QuerySpec,
    Table,
    is_live,
    number_from_decimal,
)

_CONDITION_FAILED = "ConditionalCheckFailedException"
_LIVE = "(attribute_not_exists(#ttl) OR #ttl > :now)"
_RESTART_ATTEMPTS = 8

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def create_table(client: Any, name: str) -> None:
    """Create the table exactly as production has it, and wait until it is usable.

    Keys ``pk``/``sk`` (strings), on-demand billing, index ``gsi1`` on
    ``gsi1pk``/``gsi1sk`` projecting everything, TTL on ``ttl``.
    """
    client.create_table(
        TableName=name,
        AttributeDefinitions=[
            {"AttributeName": attribute, "AttributeType": "S"}
            for attribute in (PK, SK, GSI1_PK, GSI1_SK)
        ],
        KeySchema=[
            {"AttributeName": PK, "KeyType": "HASH"},
            {"AttributeName": SK, "KeyType": "RANGE"},
        ],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[
            {
                "IndexName": GSI1,
                "KeySchema": [
                    {"AttributeName": GSI1_PK, "KeyType": "HASH"},
                    {"AttributeName": GSI1_SK, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    client.get_waiter("table_exists").wait(
        TableName=name, WaiterConfig={"Delay": 2, "MaxAttempts": 60}
    )
    client.update_time_to_live(
        TableName=name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
    )


class DynamoTable(Table):
    """The single table in DynamoDB, through the low-level client."""

    def __init__(self, table_name: str, *, client: Any = None, clock: Clock | None = None) -> None:
        super().__init__(clock=clock)
        self._name = table_name
        self._client = client if client is not None else boto3.client("dynamodb")

    def _get(self, pk: str, sk: str, *, now: float) -> Item | None:
        with _translated_errors():
            response = self._client.get_item(
                TableName=self._name, Key=_key(pk, sk), ConsistentRead=True
            )
        return _from_dynamo(response["Item"]) if "Item" in response else None

    def _put(self, item: Item, *, condition: Condition | None, now: float) -> None:
        request = {"TableName": self._name, "Item": _to_dynamo(item)}
        if condition is not None:
            request |= _condition(condition, now)
        with _translated_errors():
            self._client.put_item(**request)

    def _delete(self, pk: str, sk: str, *, condition: Condition | None, now: float) -> None:
        request = {"TableName": self._name, "Key": _key(pk, sk)}
        if condition is not None:
            request |= _condition(condition, now)
        with _translated_errors():
            self._client.delete_item(**request)

    def _query(
        self, spec: QuerySpec, *, after: dict[str, str] | None, wanted: int | None, now: float
    ) -> list[Item]:
        key_condition = "#part = :part"
        values: dict[str, Any] = {":part": spec.pk, ":now": now}
        if spec.prefix is not None:
            key_condition += " AND begins_with(#sort, :prefix)"
            values[":prefix"] = spec.prefix
        elif spec.between is not None:
            key_condition += " AND #sort BETWEEN :low AND :high"
            values[":low"], values[":high"] = spec.between
        names = {"#part": spec.partition_attribute, "#ttl": TTL_ATTRIBUTE}
        if "#sort" in key_condition:
            names["#sort"] = spec.sort_attribute
        request: dict[str, Any] = {
            "TableName": self._name,
            "KeyConditionExpression": key_condition,
            "FilterExpression": _LIVE,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": _to_dynamo(values),
            "ScanIndexForward": not spec.descending,
        }
        if spec.index:
            request["IndexName"] = spec.index
        else:
            request["ConsistentRead"] = True
        if after is not None:
            request["ExclusiveStartKey"] = _to_dynamo(after)

        # DynamoDB applies Limit before the TTL filter, so keep reading until the page
        # holds as many live items as wanted.
        items: list[Item] = []
        while True:
            if wanted is not None:
                request["Limit"] = wanted - len(items)
            with _translated_errors():
                response = self._client.query(**request)
            items += [_from_dynamo(raw) for raw in response.get("Items", [])]
            if "LastEvaluatedKey" not in response or (wanted is not None and len(items) >= wanted):
                return items
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def _scan(self, pk_prefix: str) -> list[Item]:
        request: dict[str, Any] = {"TableName": self._name, "ConsistentRead": True}
        if pk_prefix:
            request["FilterExpression"] = "begins_with(#pk, :prefix)"
            request["ExpressionAttributeNames"] = {"#pk": PK}
            request["ExpressionAttributeValues"] = _to_dynamo({":prefix": pk_prefix})
        items: list[Item] = []
        while True:
            with _translated_errors():
                response = self._client.scan(**request)
            items += [_from_dynamo(raw) for raw in response.get("Items", [])]
            if "LastEvaluatedKey" not in response:
                return items
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def _increment(
        self,
        pk: str,
        sk: str,
        *,
        by: int,
        ceiling: int | None,
        ttl: int | None,
        attribute: str,
        now: float,
    ) -> int:
        update = "SET #counter = if_not_exists(#counter, :zero) + :by"
        values: dict[str, Any] = {":zero": 0, ":by": by, ":now": now}
        if ttl is not None:
            update += ", #ttl = :ttl"
            values[":ttl"] = ttl
        condition = _LIVE
        if ceiling is not None:
            values[":room"] = ceiling - by
            # A missing counter counts as 0, which has room only when by <= ceiling.
            room = (
                "#counter <= :room"
                if ceiling < by
                else "(attribute_not_exists(#counter) OR #counter <= :room)"
            )
            condition += f" AND {room}"
        request = {
            "TableName": self._name,
            "Key": _key(pk, sk),
            "UpdateExpression": update,
            "ConditionExpression": condition,
            "ExpressionAttributeNames": {"#counter": attribute, "#ttl": TTL_ATTRIBUTE},
            "ExpressionAttributeValues": _to_dynamo(values),
            "ReturnValues": "ALL_NEW",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
        }
        for _ in range(_RESTART_ATTEMPTS):
            try:
                response = self._client.update_item(**request)
            except ClientError as exc:
                if _error_code(exc) != _CONDITION_FAILED:
                    raise StorageError(f"DynamoDB update_item failed: {_error_code(exc)}") from exc
                old = exc.response.get("Item")
                if old is None or is_live(_from_dynamo(old), now):
                    raise CeilingReachedError(
                        f"({pk}, {sk}) {attribute} would exceed {ceiling}"
                    ) from None
            except BotoCoreError as exc:
                raise StorageError(f"DynamoDB update_item failed: {exc}") from exc
            else:
                value: int = _from_dynamo(response["Attributes"])[attribute]
                return value
            # The counter has expired: start again from zero, but only if nobody else has.
            if ceiling is not None and by > ceiling:
                raise CeilingReachedError(f"({pk}, {sk}) {attribute} would exceed {ceiling}")
            if self._restart_expired_counter(pk, sk, attribute, by, ttl, now):
                return by
        raise StorageError(f"({pk}, {sk}) {attribute} kept changing; increment gave up")

    def _restart_expired_counter(
        self, pk: str, sk: str, attribute: str, value: int, ttl: int | None, now: float
    ) -> bool:
        """Replace the expired item with a fresh counter; False when it is no longer expired."""
        fresh: Item = {PK: pk, SK: sk, attribute: value}
        if ttl is not None:
            fresh[TTL_ATTRIBUTE] = ttl
        try:
            with _translated_errors():
                self._client.put_item(
                    TableName=self._name,
                    Item=_to_dynamo(fresh),
                    ConditionExpression="#ttl <= :now",
                    ExpressionAttributeNames={"#ttl": TTL_ATTRIBUTE},
                    ExpressionAttributeValues=_to_dynamo({":now": now}),
                )
        except ConditionFailedError:
            return False
        return True


def _condition(condition: Condition, now: float) -> dict[str, Any]:
    """ConditionExpression and its placeholders; expired items count as absent."""
    names = {"#ttl": TTL_ATTRIBUTE}
    values: dict[str, Any] = {":now": now}
    if isinstance(condition, MustNotExist):
        expression = "attribute_not_exists(#pk) OR #ttl <= :now"
        names["#pk"] = PK
    elif isinstance(condition, MustExist):
        expression = f"attribute_exists(#pk) AND {_LIVE}"
        names["#pk"] = PK
    else:
        expression = f"#version = :version AND {_LIVE}"
        names["#version"] = VERSION_ATTRIBUTE
        values[":version"] = condition.version
    return {
        "ConditionExpression": expression,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": _to_dynamo(values),
    }


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Callers see storage errors, never botocore's."""
    try:
        yield
    except ClientError as exc:
        code = _error_code(exc)
        if code == _CONDITION_FAILED:
            raise ConditionFailedError("the condition on the write does not hold") from exc
        raise StorageError(f"DynamoDB request failed: {code}") from exc
    except BotoCoreError as exc:
        raise StorageError(f"DynamoDB request failed: {exc}") from exc


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", "Unknown"))


def _key(pk: str, sk: str) -> dict[str, Any]:
    return {PK: {"S": pk}, SK: {"S": sk}}


def _to_dynamo(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _serializer.serialize(_decimals(value)) for name, value in values.items()}


def _decimals(value: Any) -> Any:
    """Floats become Decimals (boto3 refuses floats); repr keeps every digit Python shows."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, list):
        return [_decimals(element) for element in value]
    if isinstance(value, dict):
        return {key: _decimals(element) for key, element in value.items()}
    return value


def _from_dynamo(attributes: Mapping[str, Any]) -> Item:
    return {name: _plain(_deserializer.deserialize(value)) for name, value in attributes.items()}


def _plain(value: Any) -> Any:
    """Decimals back to int or float, recursively; sets (never written by us) to lists."""
    if isinstance(value, Decimal):
        return number_from_decimal(value)
    if isinstance(value, list | set):
        return [_plain(element) for element in value]
    if isinstance(value, dict):
        return {key: _plain(element) for key, element in value.items()}
    return value
