"""Drives a running Pinion through boto3's endpoint, user, attribute and event operations and
prints one JSON document of observations.

Reads everything from the environment: AWS_ENDPOINT_URL (required, so nothing ever reaches real
AWS), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION. The script does not judge:
it records what boto3 returned (or the error it raised) for each step, and the TypeScript test
(test/acceptance/boto3-endpoints.test.ts) asserts on every field, so a failure names the step.
"""

import json
import os
import sys
from datetime import datetime, timezone

import boto3
import botocore
from botocore.config import Config
from observations import recorder


def now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def main():
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        print("AWS_ENDPOINT_URL must point at the Pinion under test", file=sys.stderr)
        return 2

    result = {"boto3_version": boto3.__version__, "botocore_version": botocore.__version__}
    config = Config(retries={"total_max_attempts": 1, "mode": "standard"})
    client = boto3.client("pinpoint", config=config)
    result["endpoint_url"] = client.meta.endpoint_url
    if client.meta.endpoint_url.rstrip("/") != endpoint.rstrip("/"):
        # Never send anything anywhere else.
        print(json.dumps(result))
        return 0

    step = recorder(result)

    def strip(response):
        response = dict(response)
        meta = response.pop("ResponseMetadata", {})
        return response, meta.get("HTTPStatusCode"), meta.get("RequestId")

    app_id = step("app_id", lambda: client.create_app(CreateApplicationRequest={"Name": "boto3-audience"})["ApplicationResponse"]["Id"])
    if not app_id:
        print(json.dumps(result, default=str))
        return 0
    missing = "0" * 32

    def get(endpoint_id):
        return client.get_endpoint(ApplicationId=app_id, EndpointId=endpoint_id)["EndpointResponse"]

    # --- UpdateEndpoint / GetEndpoint ------------------------------------------------------------
    def update_first():
        body, status, request_id = strip(
            client.update_endpoint(
                ApplicationId=app_id,
                EndpointId="phone-1",
                EndpointRequest={
                    "ChannelType": "SMS",
                    "Address": "+12065550100",
                    "Attributes": {"team": ["blue"], "shirt": ["M"]},
                    "Metrics": {"goals": 2.0},
                    "Demographic": {"Locale": "en_US", "Platform": "ios"},
                    "Location": {"City": "Seattle", "Latitude": 47.6},
                    "User": {"UserId": "player-1", "UserAttributes": {"role": ["striker"]}},
                },
            )
        )
        return {"status": status, "body": body, "header_request_id": request_id}

    step("update", update_first)
    step("get", lambda: get("phone-1"))

    def update_merge():
        client.update_endpoint(
            ApplicationId=app_id,
            EndpointId="phone-1",
            EndpointRequest={"Attributes": {"shirt": ["L"], "team": []}, "Metrics": {"assists": 1.0}, "Demographic": {"Platform": "android"}},
        )
        return get("phone-1")

    step("get_merged", update_merge)

    # --- UpdateEndpointsBatch / GetUserEndpoints ----------------------------------------------------
    def batch():
        body, status, _ = strip(
            client.update_endpoints_batch(
                ApplicationId=app_id,
                EndpointBatchRequest={
                    "Item": [
                        {"Id": "mail-1", "ChannelType": "EMAIL", "Address": "p1@example.com", "User": {"UserId": "player-1"}},
                        {"Id": "push-1", "ChannelType": "GCM", "Address": "gcm-token", "User": {"UserId": "player-1"}, "OptOut": "ALL"},
                        {"Id": "mail-2", "ChannelType": "EMAIL", "Address": "p2@example.com", "User": {"UserId": "player-2"}},
                    ]
                },
            )
        )
        return {"status": status, "body": body}

    step("batch", batch)
    step("user_endpoints", lambda: [e["Id"] for e in client.get_user_endpoints(ApplicationId=app_id, UserId="player-1")["EndpointsResponse"]["Item"]])
    step("push_1", lambda: get("push-1"))

    # --- RemoveAttributes ------------------------------------------------------------------------
    def remove():
        body, status, _ = strip(
            client.remove_attributes(ApplicationId=app_id, AttributeType="endpoint-custom-attributes", UpdateAttributesRequest={"Blacklist": ["sh*"]})
        )
        return {"status": status, "body": body}

    step("remove", remove)
    step("after_remove", lambda: get("phone-1").get("Attributes", {}))

    # --- PutEvents -------------------------------------------------------------------------------
    def put_events():
        body, status, _ = strip(
            client.put_events(
                ApplicationId=app_id,
                EventsRequest={
                    "BatchItem": {
                        "tablet-1": {
                            "Endpoint": {"ChannelType": "APNS", "Address": "apns-token", "User": {"UserId": "player-3"}},
                            "Events": {
                                "ok": {"EventType": "match.watched", "Timestamp": now(), "Metrics": {"minutes": 90.0}},
                                "no-session": {"EventType": "_session.start", "Timestamp": now()},
                            },
                        },
                        "broken": {
                            "Endpoint": {"ChannelType": "SMS", "Address": "not-a-number"},
                            "Events": {"e": {"EventType": "x", "Timestamp": now()}},
                        },
                    }
                },
            )
        )
        return {"status": status, "body": body}

    step("put_events", put_events)
    step("tablet_1", lambda: get("tablet-1"))
    step("broken_after", lambda: get("broken"))

    # --- deletes ---------------------------------------------------------------------------------
    def delete_endpoint():
        body, status, _ = strip(client.delete_endpoint(ApplicationId=app_id, EndpointId="mail-2"))
        return {"status": status, "endpoint": body["EndpointResponse"]}

    step("delete_endpoint", delete_endpoint)
    step("get_deleted", lambda: get("mail-2"))

    def delete_user():
        body, status, _ = strip(client.delete_user_endpoints(ApplicationId=app_id, UserId="player-1"))
        return {"status": status, "ids": [e["Id"] for e in body["EndpointsResponse"]["Item"]]}

    step("delete_user", delete_user)
    step("user_after_delete", lambda: client.get_user_endpoints(ApplicationId=app_id, UserId="player-1"))

    # --- error cases -----------------------------------------------------------------------------
    step("get_missing_app", lambda: client.get_endpoint(ApplicationId=missing, EndpointId="x"))
    step("get_missing_endpoint", lambda: get("never-written"))
    step("bad_opt_out", lambda: client.update_endpoint(ApplicationId=app_id, EndpointId="bad", EndpointRequest={"ChannelType": "GCM", "Address": "t", "OptOut": "MAYBE"}))
    step("bad_sms", lambda: client.update_endpoint(ApplicationId=app_id, EndpointId="bad", EndpointRequest={"ChannelType": "SMS", "Address": "555-0100"}))
    step(
        "batch_101",
        lambda: client.update_endpoints_batch(
            ApplicationId=app_id,
            EndpointBatchRequest={"Item": [{"Id": "b%d" % i, "ChannelType": "GCM", "Address": "t%d" % i} for i in range(101)]},
        ),
    )
    step("b0_after_batch_101", lambda: get("b0"))
    step(
        "remove_empty",
        lambda: client.remove_attributes(ApplicationId=app_id, AttributeType="endpoint-custom-attributes", UpdateAttributesRequest={"Blacklist": []}),
    )
    step(
        "remove_bad_type",
        lambda: client.remove_attributes(ApplicationId=app_id, AttributeType="endpoint-shoe-attributes", UpdateAttributesRequest={"Blacklist": ["a"]}),
    )
    step(
        "events_101",
        lambda: client.put_events(
            ApplicationId=app_id,
            EventsRequest={"BatchItem": {"e": {"Endpoint": {}, "Events": {"ev%d" % i: {"EventType": "x", "Timestamp": now()} for i in range(101)}}}},
        ),
    )
    step(
        "user_limit",
        lambda: client.update_endpoints_batch(
            ApplicationId=app_id,
            EndpointBatchRequest={"Item": [{"Id": "crowd-%d" % i, "ChannelType": "EMAIL", "Address": "c%d@example.com" % i, "User": {"UserId": "crowd"}} for i in range(16)]},
        ),
    )
    step("put_events_missing_app", lambda: client.put_events(ApplicationId=missing, EventsRequest={"BatchItem": {"e": {"Endpoint": {}, "Events": {}}}}))

    # --- per-user limit: push endpoints retire the oldest push endpoint; others are refused -------
    step(
        "gamer_batch",
        lambda: client.update_endpoints_batch(
            ApplicationId=app_id,
            EndpointBatchRequest={
                "Item": [{"Id": "gamer-mail", "ChannelType": "EMAIL", "Address": "gamer@example.com", "EffectiveDate": "2020-01-01T00:00:00.000Z", "User": {"UserId": "gamer"}}]
                + [
                    {"Id": "gamer-%02d" % i, "ChannelType": "GCM", "Address": "gamer-token-%d" % i, "EffectiveDate": "2025-01-%02dT00:00:00.000Z" % (20 - i), "User": {"UserId": "gamer"}}
                    for i in range(14)
                ]
            },
        )["MessageBody"]["Message"],
    )
    step("gamer_16th", lambda: client.update_endpoint(ApplicationId=app_id, EndpointId="gamer-new", EndpointRequest={"ChannelType": "APNS", "Address": "gamer-apns", "User": {"UserId": "gamer"}})["MessageBody"]["Message"])
    step("gamer_retired", lambda: get("gamer-13"))
    step("gamer_members", lambda: sorted(e["Id"] for e in client.get_user_endpoints(ApplicationId=app_id, UserId="gamer")["EndpointsResponse"]["Item"]))
    step(
        "mailer_batch",
        lambda: client.update_endpoints_batch(
            ApplicationId=app_id,
            EndpointBatchRequest={"Item": [{"Id": "mailer-%d" % i, "ChannelType": "EMAIL", "Address": "mailer%d@example.com" % i, "User": {"UserId": "mailer"}} for i in range(15)]},
        )["MessageBody"]["Message"],
    )
    step("mailer_push", lambda: client.update_endpoint(ApplicationId=app_id, EndpointId="mailer-phone", EndpointRequest={"ChannelType": "GCM", "Address": "mailer-token", "User": {"UserId": "mailer"}}))

    # --- the 250 attribute names of a project (a project of its own) ------------------------------
    quota_app = step("quota_app", lambda: client.create_app(CreateApplicationRequest={"Name": "boto3-quota"})["ApplicationResponse"]["Id"])
    if quota_app:
        def quota_update(endpoint_id, attributes):
            return client.update_endpoint(ApplicationId=quota_app, EndpointId=endpoint_id, EndpointRequest={"ChannelType": "GCM", "Address": endpoint_id, "Attributes": attributes})["MessageBody"]["Message"]

        step("quota_fill", lambda: quota_update("wide", {"a%03d" % i: ["v"] for i in range(250)}))
        step("quota_251", lambda: quota_update("extra", {"extra": ["v"]}))
        step(
            "quota_remove",
            lambda: client.remove_attributes(ApplicationId=quota_app, AttributeType="endpoint-custom-attributes", UpdateAttributesRequest={"Blacklist": ["a249"]})["AttributesResource"]["Attributes"],
        )
        step("quota_after_remove", lambda: quota_update("extra", {"extra": ["v"]}))

    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
