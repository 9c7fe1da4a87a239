"""Drives a running Pinion through boto3's event-stream operations (and the IAM role they name)
and prints one JSON document of observations; test/acceptance/boto3-event-streams.test.ts
asserts on them. Reads AWS_ENDPOINT_URL (required: nothing reaches real AWS), the credentials and
AWS_DEFAULT_REGION from the environment.
"""

import json
import os
import sys

import boto3
from botocore.config import Config
from observations import clients_at, recorder


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

    account = boto3.client("sts", config=config).get_caller_identity()["Account"]
    app_id = pinpoint.create_app(CreateApplicationRequest={"Name": "boto3-streams"})["ApplicationResponse"]["Id"]
    stream_arn = "arn:aws:kinesis:us-east-1:%s:stream/pinpoint-events" % account
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "pinpoint.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    role_arn = iam.create_role(RoleName="Boto3StreamRole", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    result["app_id"] = app_id
    result["role_arn"] = role_arn

    step("put", lambda: pinpoint.put_event_stream(ApplicationId=app_id, WriteEventStream={"DestinationStreamArn": stream_arn, "RoleArn": role_arn}))
    step("get", lambda: pinpoint.get_event_stream(ApplicationId=app_id))
    step("bad_arn", lambda: pinpoint.put_event_stream(ApplicationId=app_id, WriteEventStream={"DestinationStreamArn": "arn:aws:s3:::bucket", "RoleArn": role_arn}))
    step(
        "other_account",
        lambda: pinpoint.put_event_stream(
            ApplicationId=app_id, WriteEventStream={"DestinationStreamArn": "arn:aws:kinesis:us-east-1:999999999999:stream/x", "RoleArn": role_arn}
        ),
    )
    step(
        "missing_role",
        lambda: pinpoint.put_event_stream(
            ApplicationId=app_id, WriteEventStream={"DestinationStreamArn": stream_arn, "RoleArn": "arn:aws:iam::%s:role/Nobody" % account}
        ),
    )
    step("missing_app", lambda: pinpoint.get_event_stream(ApplicationId="0" * 32))
    step("delete", lambda: pinpoint.delete_event_stream(ApplicationId=app_id))
    step("get_after_delete", lambda: pinpoint.get_event_stream(ApplicationId=app_id))
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
