"""A local ECS endpoint for DeleteInstance / DeleteInstances inside your Python tests, as moto is
for AWS: the crate's emulator model served over HTTP on 127.0.0.1 by a background thread. No
binary is needed; the answers, checks, faults, journal and findings report are those of
`ecs-conformance serve` (the repository's conformance/EMULATOR.md is the contract).

    from aliyun_ecs_delete.emulator import Emulator

    with Emulator() as emulator:
        client = AcsClient(emulator.access_key_id, emulator.access_key_secret, "cn-hangzhou")
        ...  # point the SDK's endpoint at emulator.endpoint ("127.0.0.1:PORT", plain HTTP)
        assert emulator.report() == []
"""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional

from ._native import Model

#: The built-in state's account (made-up values).
ACCESS_KEY_ID = "LTAI5tEmulatorKeyId0001"
ACCESS_KEY_SECRET = "EmulatorSecret0123456789abcdefgh"

#: The largest body read; a larger one is answered 413, unread.
MAX_BODY_BYTES = 1 << 20


class EmulatorError(ValueError):
    """The control API refused a call: `field` is what it was about (a path such as
    `instances[3].status`, or empty), `status` the HTTP status."""

    def __init__(self, message: str, field: str = "", status: int = 400) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "aliyun-ecs-delete-emulator"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        pass

    def _serve(self) -> None:
        model: Model = self.server.model  # type: ignore[attr-defined]
        headers = [(k, v) for k, v in self.headers.items()]
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            self._send(*model.refuse_body(self.command, self.path, headers, False, "a chunked body"), close=True)
            return
        try:
            length = int(self.headers.get("content-length") or 0)
        except ValueError:
            length = -1
        if length > MAX_BODY_BYTES:
            self._send(*model.refuse_body(self.command, self.path, headers, True, ""), close=True)
            return
        if length < 0:
            self._send(*model.refuse_body(self.command, self.path, headers, False, "a bad Content-Length"), close=True)
            return
        body = self.rfile.read(length) if length else b""
        kind, seconds, answer, request_id = model.answer(self.command, self.path, headers, body)
        if kind == "delay":
            time.sleep(seconds)
            answer = model.after_delay(self.command, self.path, headers, body, request_id)
        elif kind == "drop":
            self.close_connection = True
            return
        self._send(*answer)

    def _send(self, status: int, headers: List[tuple], body: bytes, close: bool = False) -> None:
        self.send_response_only(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve


class Emulator:
    """The emulator, served on `127.0.0.1:0` while the `with` block runs (or between `start()`
    and `stop()`). `state` is a fixture (a dict, or JSON text; default: the built-in state),
    `seed` seeds the request ids so that runs repeat."""

    def __init__(self, state: Optional[Any] = None, seed: int = 0) -> None:
        text = state if state is None or isinstance(state, str) else json.dumps(state)
        self._model = Model(text, seed)
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self.access_key_id = ACCESS_KEY_ID
        self.access_key_secret = ACCESS_KEY_SECRET

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> "Emulator":
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.model = self._model  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="ecs-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "Emulator":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        """`127.0.0.1:PORT`, what an SDK takes as its endpoint (with plain HTTP)."""
        if self._server is None:
            raise RuntimeError("the emulator is not running: use it in a with block, or start() it")
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return "http://" + self.endpoint

    # -- the control API, in-process ----------------------------------------------------------
    def _control(self, method: str, what: str, body: Any = None) -> Any:
        data = b"" if body is None else json.dumps(body).encode()
        kind, _, answer, _ = self._model.answer(method, "/_emulator/" + what, [], data)
        status, _, text = answer
        value = json.loads(text) if text else None
        if status >= 400:
            raise EmulatorError(value.get("error", ""), value.get("field", ""), status)
        return value

    def state(self) -> Dict[str, Any]:
        """The state, as a fixture, without secrets or tokens."""
        return self._control("GET", "state")

    def set_state(self, state: Dict[str, Any]) -> None:
        """Replaces the state (what `state()` returned may be edited and sent back)."""
        self._control("PUT", "state", state)

    def put_instance(self, instance_id: str, **keys: Any) -> None:
        """Adds the instance, or replaces the one with that id (`status="Running"`, ...)."""
        self._control("PUT", "instances/" + urllib.parse.quote(instance_id, safe=""), keys)

    def remove_instance(self, instance_id: str) -> None:
        """Removes the instance (its disks and EIPs detached)."""
        self._control("DELETE", "instances/" + urllib.parse.quote(instance_id, safe=""))

    def fault(self, **fault: Any) -> None:
        """Queues a fault: `fault(action="DeleteInstances", kind="error", status=400,
        code="Throttling.User", retry_after_seconds=3)`."""
        self._control("POST", "faults", fault)

    def faults(self) -> List[Dict[str, Any]]:
        """The queue, each fault with the `times` it has left."""
        return self._control("GET", "faults")

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    def set_clock(self, now: Optional[str]) -> None:
        """Fixes the emulator's time (`"2026-12-06T10:00:00Z"`); None: the system clock."""
        if now is None:
            self._control("DELETE", "clock")
        else:
            self._control("PUT", "clock", {"now": now})

    def journal(self) -> List[Dict[str, Any]]:
        """Every API request since the last clear, oldest first."""
        return self._control("GET", "journal")

    def clear_journal(self) -> None:
        self._control("DELETE", "journal")

    def report(self) -> List[Dict[str, Any]]:
        """The findings: what the client did wrong (`client_token_changed`, ...)."""
        return self._control("GET", "report")["findings"]

    def clear_report(self) -> None:
        self._control("DELETE", "report")

    def reset(self) -> None:
        """Back to the start-up state; faults, journal, report and clock cleared."""
        self._control("POST", "reset")
