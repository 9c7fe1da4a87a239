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


def recorder(result, drop_metadata=False):
    """A step(name, fn) that runs fn and records its value under name, or its error under
    name + '_error' (every failure is an observation). With drop_metadata, a dict value loses its
    ResponseMetadata (the scripts that assert on status codes keep it and strip it themselves)."""

    def step(name, fn):
        try:
            value = fn()
            if drop_metadata and isinstance(value, dict):
                value = {k: v for k, v in value.items() if k != "ResponseMetadata"}
            result[name] = value
            return value
        except Exception as exc:  # noqa: BLE001 - every failure is an observation
            result[name + "_error"] = error_of(exc)
            return None

    return step


def clients_at(endpoint, config, *services):
    """boto3 clients of the services, or None when any of them would not reach `endpoint` (a
    script must never send anything anywhere else)."""
    import boto3

    clients = [boto3.client(service, config=config) for service in services]
    if any(client.meta.endpoint_url.rstrip("/") != endpoint.rstrip("/") for client in clients):
        return None
    return clients
