//! What the emulator answers: the success and error envelopes, in JSON or XML, with the
//! `x-acs-request-id` and `Content-Type` headers.

use crate::request::Action;

/// The body format of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyFormat {
    Json,
    Xml,
}

/// An HTTP response from the emulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status.
    pub status: u16,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A header's value (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A JSON answer of the control API.
    pub(crate) fn json(status: u16, value: &serde_json::Value) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json;charset=utf-8".into(),
            )],
            body: value.to_string().into_bytes(),
        }
    }

    /// An answer without a body.
    pub(crate) fn empty(status: u16) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }
}

/// An error the emulator answers with: the code as the service sends it, the status, and a
/// message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
}

impl Refusal {
    pub(crate) fn new(status: u16, code: &str, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

fn content_type(format: BodyFormat) -> &'static str {
    match format {
        BodyFormat::Json => "application/json;charset=utf-8",
        BodyFormat::Xml => "text/xml;charset=utf-8",
    }
}

fn headers(format: BodyFormat, request_id: &str) -> Vec<(String, String)> {
    vec![
        ("Content-Type".into(), content_type(format).into()),
        ("x-acs-request-id".into(), request_id.into()),
    ]
}

/// The success envelope: `{"RequestId":"…"}` or `<DeleteInstanceResponse>…`.
pub(crate) fn success(action: Action, format: BodyFormat, request_id: &str) -> HttpResponse {
    let body = match format {
        BodyFormat::Json => serde_json::json!({ "RequestId": request_id }).to_string(),
        BodyFormat::Xml => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><{action}Response><RequestId>{}</RequestId></{action}Response>",
            xml_escape(request_id)
        ),
    };
    HttpResponse {
        status: 200,
        headers: headers(format, request_id),
        body: body.into_bytes(),
    }
}

/// The error envelope: `RequestId`, `HostId`, `Code`, `Message`, `Recommend`.
/// The error answer to `request`: in the format it asks for, naming its host (the service's
/// when it sent none).
pub(crate) fn refuse(
    refusal: &Refusal,
    request: &super::HttpRequest,
    request_id: &str,
    retry_after_seconds: Option<u64>,
) -> HttpResponse {
    let host = request.header("host").unwrap_or("ecs.aliyuncs.com");
    error(
        refusal,
        super::body_format(request),
        request_id,
        host,
        retry_after_seconds,
    )
}

pub(crate) fn error(
    refusal: &Refusal,
    format: BodyFormat,
    request_id: &str,
    host: &str,
    retry_after_seconds: Option<u64>,
) -> HttpResponse {
    let recommend = format!(
        "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={}",
        crate::encode::percent_encode(&refusal.code),
        crate::encode::percent_encode(request_id)
    );
    let body = match format {
        BodyFormat::Json => serde_json::json!({
            "RequestId": request_id,
            "HostId": host,
            "Code": refusal.code,
            "Message": refusal.message,
            "Recommend": recommend,
        })
        .to_string(),
        BodyFormat::Xml => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><RequestId>{}</RequestId>\
             <HostId>{}</HostId><Code>{}</Code><Message>{}</Message><Recommend>{}</Recommend></Error>",
            xml_escape(request_id),
            xml_escape(host),
            xml_escape(&refusal.code),
            xml_escape(&refusal.message),
            xml_escape(&recommend),
        ),
    };
    let mut headers = headers(format, request_id);
    if let Some(seconds) = retry_after_seconds {
        headers.push(("x-acs-retry-after".into(), seconds.to_string()));
    }
    HttpResponse {
        status: refusal.status,
        headers,
        body: body.into_bytes(),
    }
}

/// A gateway's HTML page with `status`.
pub(crate) fn gateway(status: u16, request_id: &str) -> HttpResponse {
    let body = format!(
        "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>{status} \
         Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n"
    );
    HttpResponse {
        status,
        headers: vec![
            ("Content-Type".into(), "text/html".into()),
            ("x-acs-request-id".into(), request_id.into()),
        ],
        body: body.into_bytes(),
    }
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{Response, decode_response};

    #[test]
    fn our_decoder_reads_every_envelope_back() {
        let refusal = Refusal::new(403, "ChargeTypeViolation", "a <subscription> & more");
        for format in [BodyFormat::Json, BodyFormat::Xml] {
            let ok = success(Action::DeleteInstances, format, "REQ-1");
            let r = decode_response(Action::DeleteInstances, ok.status, &ok.headers, &ok.body);
            assert!(matches!(r, Response::Success(_)), "{r:?}");
            assert_eq!(r.request_id(), Some("REQ-1"));

            let err = error(
                &refusal,
                format,
                "REQ-2",
                "ecs.cn-hangzhou.aliyuncs.com",
                Some(3),
            );
            let r = decode_response(Action::DeleteInstance, err.status, &err.headers, &err.body);
            assert_eq!(r.code(), Some("ChargeTypeViolation"));
            assert_eq!(r.message(), Some("a <subscription> & more"));
            assert_eq!(r.host_id(), Some("ecs.cn-hangzhou.aliyuncs.com"));
            assert_eq!(r.retry_after_seconds(), Some(3));
            assert_eq!(r.request_id(), Some("REQ-2"));
        }
    }
}
