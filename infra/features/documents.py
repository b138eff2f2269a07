"""The bucket for tenants' uploaded documents (browser → presigned URL → S3)."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra import constants as c


class DocumentsBucket(Construct):
    """Private, encrypted, versioned bucket that only accepts TLS and allows browser uploads."""

    def __init__(self, scope: Construct, construct_id: str, *, cors_origins: Sequence[str]) -> None:
        super().__init__(scope, construct_id)
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            versioned=True,
            auto_delete_objects=False,
            removal_policy=RemovalPolicy.RETAIN,
            cors=[  # none when the app and the bucket's callers share no browser origin
                s3.CorsRule(
                    allowed_methods=[s3.HttpMethods.PUT, s3.HttpMethods.POST],
                    allowed_origins=list(cors_origins),
                    allowed_headers=["*"],
                    exposed_headers=["ETag"],
                    max_age=c.CORS_MAX_AGE_S,
                )
            ]
            if cors_origins
            else None,
            lifecycle_rules=[
                s3.LifecycleRule(
                    abort_incomplete_multipart_upload_after=Duration.days(
                        c.ABORT_INCOMPLETE_UPLOAD_DAYS
                    ),
                    noncurrent_version_expiration=Duration.days(c.NONCURRENT_VERSION_EXPIRY_DAYS),
                )
            ],
        )
        # "Object created" goes to EventBridge, where the API stack's rule sends it to the
        # ingest function. Set on the CloudFormation resource directly: CDK's L2 switch for
        # this deploys a custom-resource Lambda whose role needs s3:PutBucketNotification
        # on "*", and a direct S3 → Lambda notification across stacks would be a cycle.
        cfn_bucket = self.bucket.node.default_child
        assert isinstance(cfn_bucket, s3.CfnBucket)
        cfn_bucket.add_property_override(
            "NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled", True
        )
