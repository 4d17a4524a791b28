//! Driving another implementation through the JSON-lines protocol of the schema.
//!
//! The adapter is another program, and nothing it does may hang the runner or drown it:
//!
//! - its standard input is written by a thread of its own, so an adapter that never reads
//!   blocks that thread on a full pipe, never the runner;
//! - its standard output is read by another thread, line by line, with a cap on a line's
//!   length, and each answer is awaited for at most the per-vector time limit;
//! - its standard error is drained by a third thread, which keeps the last few KiB to quote
//!   when something goes wrong.
//!
//! An adapter that cannot be started, exits, stops answering, writes a line longer than the
//! cap or writes something that is not a JSON line ends the run with one [`Fatal`] error that
//! names the vector it was on and quotes its standard error.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

use crate::suite::Outcome;
use crate::vectors::Vector;

/// The longest answer line accepted.
const MAX_LINE_BYTES: u64 = 16 << 20;
/// How much of the adapter's standard error is kept to quote.
const STDERR_TAIL_BYTES: usize = 4096;

/// What ends a run: the adapter itself failed, not one vector.
#[derive(Debug)]
pub struct Fatal(pub String);

/// What the reader thread saw.
enum Line {
    Text(String),
    Eof,
    TooLong,
    Error(String),
}

/// A running adapter: one JSON line in per vector, one JSON line out.
pub struct Adapter {
    cmd: String,
    child: Child,
    to_stdin: Option<Sender<String>>,
    from_stdout: Receiver<Line>,
    stderr_tail: Arc<Mutex<VecDeque<u8>>>,
    timeout: Duration,
}

impl Adapter {
    /// Starts `cmd` with the shell; each answer is awaited for at most `timeout`.
    pub fn start(cmd: &str, timeout: Duration) -> Result<Adapter, String> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start adapter `{cmd}`: {e}"))?;
        let mut stdin = child.stdin.take().ok_or("adapter has no standard input")?;
        let stdout = child
            .stdout
            .take()
            .ok_or("adapter has no standard output")?;
        let mut stderr = child.stderr.take().ok_or("adapter has no standard error")?;

        let (to_stdin, lines_in) = mpsc::channel::<String>();
        thread::spawn(move || {
            for line in lines_in {
                if stdin
                    .write_all(line.as_bytes())
                    .and_then(|()| stdin.flush())
                    .is_err()
                {
                    break;
                }
            }
        });

        let (lines_out, from_stdout) = mpsc::channel::<Line>();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut buf = Vec::new();
                let line = match (&mut reader)
                    .take(MAX_LINE_BYTES + 1)
                    .read_until(b'\n', &mut buf)
                {
                    Ok(0) => Line::Eof,
                    Ok(_) if buf.len() as u64 > MAX_LINE_BYTES => Line::TooLong,
                    Ok(_) => Line::Text(String::from_utf8_lossy(&buf).into_owned()),
                    Err(e) => Line::Error(e.to_string()),
                };
                let last = !matches!(line, Line::Text(_));
                if lines_out.send(line).is_err() || last {
                    break;
                }
            }
        });

        let stderr_tail = Arc::new(Mutex::new(VecDeque::with_capacity(STDERR_TAIL_BYTES)));
        let tail = Arc::clone(&stderr_tail);
        thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                if let Ok(mut tail) = tail.lock() {
                    tail.extend(&chunk[..n]);
                    let excess = tail.len().saturating_sub(STDERR_TAIL_BYTES);
                    tail.drain(..excess);
                }
            }
        });

        Ok(Adapter {
            cmd: cmd.to_owned(),
            child,
            to_stdin: Some(to_stdin),
            from_stdout,
            stderr_tail,
            timeout,
        })
    }

    /// The error that ends the run, naming the vector and quoting the adapter's stderr.
    fn fatal(&mut self, v: &Vector, what: &str) -> Fatal {
        // Give a dying adapter a moment to finish writing its last words.
        thread::sleep(Duration::from_millis(100));
        let status = match self.child.try_wait() {
            Ok(Some(status)) => format!(" ({status})"),
            _ => String::new(),
        };
        let tail = self
            .stderr_tail
            .lock()
            .map(|t| String::from_utf8_lossy(&t.iter().copied().collect::<Vec<_>>()).into_owned())
            .unwrap_or_default();
        let tail = crate::output::escape_controls(tail.trim_end());
        let stderr = if tail.is_empty() {
            "it wrote nothing to standard error".to_owned()
        } else {
            format!("its standard error ends:\n{tail}")
        };
        Fatal(format!(
            "adapter `{}` {what}{status} on vector {} ({}); {stderr}",
            self.cmd,
            v.id,
            v.file.display()
        ))
    }

    /// Sends one vector and reads the answer.
    pub fn run(&mut self, v: &Vector) -> Result<Outcome, Fatal> {
        let line = json!({ "suite": v.suite, "id": v.id, "input": v.input }).to_string() + "\n";
        if self
            .to_stdin
            .as_ref()
            .is_none_or(|tx| tx.send(line).is_err())
        {
            return Err(self.fatal(v, "stopped reading its input"));
        }
        let answer = match self.from_stdout.recv_timeout(self.timeout) {
            Ok(Line::Text(answer)) => answer,
            Ok(Line::Eof) | Err(RecvTimeoutError::Disconnected) => {
                return Err(self.fatal(v, "exited or closed its output"));
            }
            Ok(Line::TooLong) => {
                return Err(self.fatal(
                    v,
                    &format!("wrote a line longer than {MAX_LINE_BYTES} bytes"),
                ));
            }
            Ok(Line::Error(e)) => return Err(self.fatal(v, &format!("could not be read ({e})"))),
            Err(RecvTimeoutError::Timeout) => {
                let what = format!(
                    "gave no answer within {} s (--adapter-timeout)",
                    self.timeout.as_secs_f64()
                );
                return Err(self.fatal(v, &what));
            }
        };
        let reply = match serde_json::from_str::<Value>(&answer) {
            Ok(reply) => reply,
            Err(_) => {
                let shown: String = answer.trim_end().chars().take(200).collect();
                let what = format!(
                    "wrote a line that is not JSON ({}; logs belong on standard error)",
                    crate::output::quoted(&shown)
                );
                return Err(self.fatal(v, &what));
            }
        };
        Ok(if reply.get("unsupported") == Some(&Value::Bool(true)) {
            Outcome::Unsupported("the adapter does not support it".into())
        } else {
            match reply.get("output") {
                Some(output) if output.is_object() => Outcome::Output(output.clone()),
                _ => Outcome::BadInput(
                    "the adapter's answer has neither an `output` object nor `unsupported`".into(),
                ),
            }
        })
    }
}

impl Drop for Adapter {
    fn drop(&mut self) {
        // Closing its input lets a well-behaved adapter end by itself; then it is ended.
        self.to_stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
