"""Drives a running Pinion through boto3 and prints one JSON document of observations.

Reads everything from the environment: AWS_ENDPOINT_URL (required, so nothing ever reaches real
AWS), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION. The script does not judge:
it records what boto3 returned (or the error it raised) for each step, and the TypeScript test
(test/acceptance/boto3-apps.test.ts) asserts on every field, so a failure names the step.
"""

import json
import os
import sys

import boto3
import botocore
from botocore.config import Config
from observations import recorder


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
        return response, meta.get("HTTPStatusCode")

    # --- lifecycle -------------------------------------------------------------------------
    def create(name, tags=None):
        request = {"Name": name}
        if tags is not None:
            request["tags"] = tags
        body, status = strip(client.create_app(CreateApplicationRequest=request))
        return {"status": status, "app": body["ApplicationResponse"]}

    created = step("create", lambda: create("shop", {"team": "growth"}))
    app = created["app"] if created else None
    if app:
        step("get", lambda: strip(client.get_app(ApplicationId=app["Id"]))[0]["ApplicationResponse"])

    # --- settings round trip -----------------------------------------------------------------
    settings_request = {
        "CampaignHook": {"Mode": "FILTER", "WebUrl": "https://hooks.example.com/filter"},
        "CloudWatchMetricsEnabled": True,
        "Limits": {"Daily": 10, "MaximumDuration": 600, "MessagesPerSecond": 200, "Total": 50, "Session": 3},
        "QuietTime": {"Start": "22:00", "End": "07:30"},
        "JourneyLimits": {"DailyCap": 4, "TotalCap": 40, "TimeframeCap": {"Days": 7, "Cap": 10}},
    }
    result["settings_request"] = settings_request
    if app:
        step(
            "settings_update",
            lambda: strip(
                client.update_application_settings(ApplicationId=app["Id"], WriteApplicationSettingsRequest=settings_request)
            )[0]["ApplicationSettingsResource"],
        )
        step("settings_get", lambda: strip(client.get_application_settings(ApplicationId=app["Id"]))[0]["ApplicationSettingsResource"])

    # --- tags ---------------------------------------------------------------------------------
    if app:
        def tag():
            _, status = strip(client.tag_resource(ResourceArn=app["Arn"], TagsModel={"tags": {"env": "prod", "tier": "gold"}}))
            return status

        step("tag_status", tag)
        step("tags_after_tag", lambda: client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"])

        def untag():
            _, status = strip(client.untag_resource(ResourceArn=app["Arn"], TagKeys=["env", "team"]))
            return status

        step("untag_status", untag)
        step("tags_after_untag", lambda: client.list_tags_for_resource(ResourceArn=app["Arn"])["TagsModel"]["tags"])

    # --- pagination ---------------------------------------------------------------------------
    for i in range(4):
        step("create_page_%d" % i, lambda i=i: create("page-%d" % i))
    step("all_ids", lambda: [a["Id"] for a in client.get_apps(PageSize="1000")["ApplicationsResponse"]["Item"]])

    def walk():
        pages = []
        token = None
        while True:
            kwargs = {"PageSize": "2"}
            if token:
                kwargs["Token"] = token
            page = client.get_apps(**kwargs)["ApplicationsResponse"]
            pages.append([a["Id"] for a in page.get("Item", [])])
            token = page.get("NextToken")
            if not token or len(pages) > 100:
                return pages

    step("pages", walk)

    # --- error cases --------------------------------------------------------------------------
    missing = "0" * 32
    step("get_missing", lambda: client.get_app(ApplicationId=missing))
    if app:
        step(
            "bad_settings",
            lambda: client.update_application_settings(ApplicationId=app["Id"], WriteApplicationSettingsRequest={"Limits": {"Daily": 500}}),
        )
        step("settings_after_bad", lambda: client.get_application_settings(ApplicationId=app["Id"])["ApplicationSettingsResource"])
    step("bad_page_size", lambda: client.get_apps(PageSize="0"))
    step("bad_token", lambda: client.get_apps(Token="not-a-token"))

    # --- delete -------------------------------------------------------------------------------
    if app:
        def delete():
            body, status = strip(client.delete_app(ApplicationId=app["Id"]))
            return {"status": status, "app": body["ApplicationResponse"]}

        step("delete", delete)
        step("get_deleted", lambda: client.get_app(ApplicationId=app["Id"]))
        step("tags_of_deleted", lambda: client.list_tags_for_resource(ResourceArn=app["Arn"]))

    # --- a wrong secret -----------------------------------------------------------------------
    wrong = boto3.client(
        "pinpoint",
        config=config,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=(os.environ.get("AWS_SECRET_ACCESS_KEY") or "") + "x",
    )
    step("wrong_secret", lambda: wrong.get_apps())

    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
