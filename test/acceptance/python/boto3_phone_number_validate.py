"""Drives a running Pinion through boto3's phone_number_validate and prints one JSON document of
observations; test/acceptance/boto3-phone-number-validate.test.ts asserts on them. Reads
AWS_ENDPOINT_URL (required: nothing reaches real AWS), the credentials and AWS_DEFAULT_REGION from
the environment.
"""

import json
import os
import sys

from botocore.config import Config
from observations import clients_at, recorder


def main():
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        print("AWS_ENDPOINT_URL must point at the Pinion under test", file=sys.stderr)
        return 2
    config = Config(retries={"total_max_attempts": 1, "mode": "standard"})
    result = {}
    clients = clients_at(endpoint, config, "pinpoint")
    if clients is None:
        print(json.dumps(result))
        return 0
    (pinpoint,) = clients
    step = recorder(result, drop_metadata=True)

    def validate(**request):
        return lambda: pinpoint.phone_number_validate(NumberValidateRequest=request)

    # The example of the AWS CLI section of Pinpoint's developer guide.
    step("uk_landline", validate(PhoneNumber="+442079460881", IsoCountryCode="GB"))
    step("us_formatted", validate(PhoneNumber="+1 (206) 486-5000"))
    step("uk_national", validate(PhoneNumber="07912 345678", IsoCountryCode="GB"))
    step("invalid", validate(PhoneNumber="+440163296076"))
    step("missing_number", validate(IsoCountryCode="US"))
    step("bad_country", validate(PhoneNumber="+12064865000", IsoCountryCode="USA"))
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
