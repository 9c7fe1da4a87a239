"""What the boto3 acceptance scripts record of a failure (shared by every script in this folder)."""

from botocore.exceptions import ClientError


def error_of(exc):
    """The parts of a failure the tests assert on."""
    if isinstance(exc, ClientError):
        return {
            "code": exc.response.get("Error", {}).get("Code"),
            "message": exc.response.get("Error", {}).get("Message"),
            "status": exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "request_id": exc.response.get("ResponseMetadata", {}).get("RequestId"),
        }
    return {"code": type(exc).__name__, "message": str(exc), "status": None, "request_id": None}
