"""The single DynamoDB table that holds every tenant's data."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from infra import constants as c


class Database(Construct):
    """On-demand table with TTL, one GSI, point-in-time recovery and encryption at rest."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        string = dynamodb.AttributeType.STRING
        self.table = dynamodb.Table(
            self,
            "Table",
            partition_key=dynamodb.Attribute(name=c.TABLE_PARTITION_KEY, type=string),
            sort_key=dynamodb.Attribute(name=c.TABLE_SORT_KEY, type=string),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            time_to_live_attribute=c.TABLE_TTL_ATTRIBUTE,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.table.add_global_secondary_index(
            index_name=c.GSI1_NAME,
            partition_key=dynamodb.Attribute(name=c.GSI1_PARTITION_KEY, type=string),
            sort_key=dynamodb.Attribute(name=c.GSI1_SORT_KEY, type=string),
            projection_type=dynamodb.ProjectionType.ALL,
        )
