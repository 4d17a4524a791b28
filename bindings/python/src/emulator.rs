//! The emulator's Sans-IO model for Python: `aliyun_ecs_delete.emulator` serves it over HTTP
//! with the standard library's server, so `pip install` brings a working emulator, no binary.
//! The model is the crate's `service` module, the one `ecs-conformance serve` serves.

use std::sync::Mutex;

use aliyun_ecs_delete::Timestamp;
use aliyun_ecs_delete::service::{
    Answer, BodyProblem, HttpRequest, HttpResponse, RequestIds, Service, State,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// An answer: status, headers and body.
type Reply = (u16, Vec<(String, String)>, Py<PyBytes>);

/// The model and its request ids, behind one lock: a DeleteInstances is applied whole.
#[pyclass(frozen, module = "aliyun_ecs_delete")]
pub(crate) struct Model {
    inner: Mutex<(Service, RequestIds)>,
}

fn reply(py: Python<'_>, response: HttpResponse) -> Reply {
    (
        response.status,
        response.headers,
        PyBytes::new(py, &response.body).unbind(),
    )
}

impl Model {
    /// Runs `f` on the model, the GIL released; `request_id` or the next one.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        request_id: Option<String>,
        f: impl FnOnce(&mut Service, &str) -> T + Send,
    ) -> (T, String) {
        py.detach(|| {
            let mut inner = self
                .inner
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let (service, ids) = &mut *inner;
            let id = request_id.unwrap_or_else(|| ids.next().unwrap_or_default());
            (f(service, &id), id)
        })
    }
}

#[pymethods]
impl Model {
    /// A model holding `state` (a fixture, JSON text; default: the built-in state), its request
    /// ids seeded with `seed`, its control API guarded by `control_token` when given.
    #[new]
    #[pyo3(signature = (state=None, seed=0, control_token=None))]
    fn new(state: Option<&str>, seed: u64, control_token: Option<String>) -> PyResult<Model> {
        let state = match state {
            None => State::builtin(),
            Some(json) => State::from_fixture(json.as_bytes())
                .map_err(|e| PyValueError::new_err(format!("state: {e}")))?,
        };
        let mut service = Service::new(state);
        service.set_control_token(control_token);
        Ok(Model {
            inner: Mutex::new((service, RequestIds::new(seed))),
        })
    }

    /// Handles one request: `(kind, seconds, answer, request_id)`, where `kind` is `"respond"`
    /// (`answer` is `(status, headers, body)`), `"delay"` (wait `seconds`, then call
    /// `after_delay` with `request_id`) or `"drop"` (close the connection without an answer).
    fn answer(
        &self,
        py: Python<'_>,
        method: String,
        target: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> (&'static str, u64, Option<Reply>, String) {
        let request = HttpRequest {
            method,
            target,
            headers,
            body,
        };
        let (answer, id) = self.with(py, None, |service, id| {
            service.answer(&request, &Timestamp::now(), id)
        });
        match answer {
            Answer::Respond(response) => ("respond", 0, Some(reply(py, response)), id),
            Answer::Delay(seconds) => ("delay", seconds, None, id),
            Answer::Drop => ("drop", 0, None, id),
        }
    }

    /// Handles a request after its `delay` fault's wait, with no other fault.
    fn after_delay(
        &self,
        py: Python<'_>,
        method: String,
        target: String,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        request_id: String,
    ) -> Reply {
        let request = HttpRequest {
            method,
            target,
            headers,
            body,
        };
        let (response, _) = self.with(py, Some(request_id), |service, id| {
            service.after_delay(&request, &Timestamp::now(), id)
        });
        reply(py, response)
    }

    /// Answers a request whose body could not be read: over 1 MiB (`too_large`), or unreadable
    /// for the reason `why`.
    fn refuse_body(
        &self,
        py: Python<'_>,
        method: String,
        target: String,
        headers: Vec<(String, String)>,
        too_large: bool,
        why: String,
    ) -> Reply {
        let request = HttpRequest {
            method,
            target,
            headers,
            body: Vec::new(),
        };
        let problem = if too_large {
            BodyProblem::TooLarge
        } else {
            BodyProblem::Unreadable(why)
        };
        let (response, _) = self.with(py, None, |service, id| {
            service.refuse_body(&request, &problem, &Timestamp::now(), id)
        });
        reply(py, response)
    }
}
