"""Calls a browser makes to a served page, made without a browser: the page's own events and file uploads."""

from __future__ import annotations

import json
import uuid

import httpx

from ui.access import UPLOAD_COOKIE, Access

TIMEOUT = 120


def page_event(url: str, api_name: str, *values: object, session: str | None = None) -> list:
    """Run one of the page's events the way its browser code does (Gradio's queue), without the page.

    ``values`` are the event's first inputs (the rest, e.g. session state, are sent as null);
    returns the event's outputs.
    """
    config = httpx.get(url + "config", timeout=TIMEOUT).json()
    event = next(d for d in config["dependencies"] if d["api_name"] == api_name)
    session = session or uuid.uuid4().hex
    data = [*values, *[None] * (len(event["inputs"]) - len(values))]
    joined = httpx.post(url + "gradio_api/queue/join", timeout=TIMEOUT, json={
        "data": data, "fn_index": event["id"], "session_hash": session, "event_data": None,
        "trigger_id": event["targets"][0][0]})
    joined.raise_for_status()
    with httpx.stream("GET", url + f"gradio_api/queue/data?session_hash={session}", timeout=TIMEOUT) as stream:
        for line in stream.iter_lines():
            message = json.loads(line[5:]) if line.startswith("data:") else {}
            if message.get("msg") == "process_completed":
                assert message["success"], message
                return message["output"]["data"]
    raise AssertionError("the event never completed")


def upload_files(url: str, files: dict[str, bytes], token: str | None = None) -> httpx.Response:
    """Send files to the page's upload route, as a browser whose visitor entered ``token`` would."""
    key = Access(token=token).upload_key if token else None
    return httpx.post(url + "gradio_api/upload", files=[("files", (name, data)) for name, data in files.items()],
                      cookies={UPLOAD_COOKIE: key} if key else None, timeout=TIMEOUT)
