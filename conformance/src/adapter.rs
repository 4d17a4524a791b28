//! Driving another implementation through the JSON-lines protocol of the schema.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

use crate::suites::Outcome;
use crate::vectors::Vector;

/// A running adapter: one JSON line in per vector, one JSON line out.
pub struct Adapter {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Adapter {
    /// Starts `cmd` with the shell.
    pub fn start(cmd: &str) -> Result<Adapter, String> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start adapter `{cmd}`: {e}"))?;
        let stdin = child.stdin.take().ok_or("adapter has no standard input")?;
        let stdout = child
            .stdout
            .take()
            .ok_or("adapter has no standard output")?;
        Ok(Adapter {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }

    /// Sends one vector and reads the answer.
    pub fn run(&mut self, v: &Vector) -> Outcome {
        let line = json!({ "suite": v.suite, "id": v.id, "input": v.input }).to_string();
        if let Err(e) = writeln!(self.stdin, "{line}").and_then(|()| self.stdin.flush()) {
            return Outcome::BadInput(format!("adapter: cannot write: {e}"));
        }
        let mut answer = String::new();
        match self.stdout.read_line(&mut answer) {
            Ok(0) => return Outcome::BadInput("adapter: closed its output".into()),
            Err(e) => return Outcome::BadInput(format!("adapter: cannot read: {e}")),
            Ok(_) => {}
        }
        match serde_json::from_str::<Value>(&answer) {
            Ok(reply) if reply.get("unsupported") == Some(&Value::Bool(true)) => {
                Outcome::Unsupported("the adapter does not support it".into())
            }
            Ok(reply) => match reply.get("output") {
                Some(output) if output.is_object() => Outcome::Output(output.clone()),
                _ => Outcome::BadInput(format!(
                    "adapter: answer has no `output` object: {}",
                    answer.trim_end()
                )),
            },
            Err(e) => Outcome::BadInput(format!(
                "adapter: answer is not JSON ({e}): {}",
                answer.trim_end()
            )),
        }
    }
}

impl Drop for Adapter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
