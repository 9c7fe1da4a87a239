"""Drives a running Pinion through boto3's segment and import-job operations (and the IAM role an
import names) and prints one JSON document of observations; test/acceptance/boto3-segments.test.ts
asserts on them. The file imported is put into the S3 server by the test before this script runs:
s3://boto3-imports/endpoints/boto3.json (newline-delimited JSON, three endpoints).

Reads AWS_ENDPOINT_URL (required: nothing reaches real AWS), the credentials and
AWS_DEFAULT_REGION from the environment.
"""

import json
import os
import sys
import time

from botocore.config import Config
from observations import clients_at, recorder

BUCKET = "boto3-imports"
KEY_PREFIX = "endpoints/"


def main():
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        print("AWS_ENDPOINT_URL must point at the Pinion under test", file=sys.stderr)
        return 2
    config = Config(retries={"total_max_attempts": 1, "mode": "standard"})
    result = {}
    clients = clients_at(endpoint, config, "pinpoint", "iam")
    if clients is None:
        print(json.dumps(result))
        return 0
    pinpoint, iam = clients
    step = recorder(result, drop_metadata=True)

    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "pinpoint.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    read = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::" + BUCKET, "arn:aws:s3:::" + BUCKET + "/*"]}
        ],
    }
    role_arn = iam.create_role(RoleName="Boto3ImportRole", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="Boto3ImportRole", PolicyName="read", PolicyDocument=json.dumps(read))
    app_id = pinpoint.create_app(CreateApplicationRequest={"Name": "boto3-segments"})["ApplicationResponse"]["Id"]
    result["app_id"] = app_id
    result["role_arn"] = role_arn

    created = step(
        "create_segment",
        lambda: pinpoint.create_segment(
            ApplicationId=app_id,
            WriteSegmentRequest={
                "Name": "boto3 sms",
                "Dimensions": {"Demographic": {"Channel": {"DimensionType": "INCLUSIVE", "Values": ["SMS"]}}},
                "tags": {"via": "boto3"},
            },
        ),
    )
    step("create_segment_bad", lambda: pinpoint.create_segment(ApplicationId=app_id, WriteSegmentRequest={"Name": "x" * 256}))
    job = step(
        "create_import_job",
        lambda: pinpoint.create_import_job(
            ApplicationId=app_id,
            ImportJobRequest={
                "Format": "JSON",
                "RoleArn": role_arn,
                "S3Url": "s3://%s/%s" % (BUCKET, KEY_PREFIX),
                "DefineSegment": True,
                "SegmentName": "boto3 imported",
            },
        ),
    )
    step(
        "create_import_job_bad_url",
        lambda: pinpoint.create_import_job(
            ApplicationId=app_id, ImportJobRequest={"Format": "JSON", "RoleArn": role_arn, "S3Url": "https://%s/%s" % (BUCKET, KEY_PREFIX)}
        ),
    )
    step("get_import_job_missing", lambda: pinpoint.get_import_job(ApplicationId=app_id, JobId="e" * 32))
    if job:
        job_id = job["ImportJobResponse"]["Id"]
        polls = 0
        deadline = time.time() + 30
        while True:
            got = step("get_import_job", lambda: pinpoint.get_import_job(ApplicationId=app_id, JobId=job_id))
            polls += 1
            if not got or got["ImportJobResponse"]["JobStatus"] in ("COMPLETED", "FAILED") or time.time() > deadline:
                break
            time.sleep(0.2)
        result["polls"] = polls
        segment_id = job["ImportJobResponse"]["Definition"].get("SegmentId")
        if segment_id:
            step("get_imported_segment", lambda: pinpoint.get_segment(ApplicationId=app_id, SegmentId=segment_id))
            step("get_segment_import_jobs", lambda: pinpoint.get_segment_import_jobs(ApplicationId=app_id, SegmentId=segment_id))
        step("get_endpoint_b1", lambda: pinpoint.get_endpoint(ApplicationId=app_id, EndpointId="b-1"))
    step("get_segments", lambda: pinpoint.get_segments(ApplicationId=app_id))
    step("get_segments_page", lambda: pinpoint.get_segments(ApplicationId=app_id, PageSize="1"))
    if created:
        step("get_segment", lambda: pinpoint.get_segment(ApplicationId=app_id, SegmentId=created["SegmentResponse"]["Id"]))
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
