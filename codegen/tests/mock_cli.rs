//! `codegen mock`: serves the docs' APIs on the address given, and logs each call.

mod common;

use common::root;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Kills the server when the test ends, also when an assertion fails first.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 exchange over a fresh connection; the answer's head and body.
fn post(addr: &str, path: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn serves_the_docs_and_logs_each_call() {
    let mut child = Killed(
        Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(["mock", "docs", "--addr", "127.0.0.1:0"])
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stderr = BufReader::new(child.0.stderr.take().unwrap());
    let mut line = String::new();
    // `mock BlueKing: 1 APIs at http://127.0.0.1:PORT`
    let addr = loop {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "the mock exited");
        if let Some(url) = line.trim().split(" at http://").nth(1) {
            break url.to_string();
        }
    };
    let path = "/api/c/compapi/v2/cc/update_module/";
    let ok = post(
        &addr,
        path,
        r#"{"bk_app_code": "a", "bk_app_secret": "s", "bk_biz_id": 1, "bk_set_id": 2, "bk_module_id": 3, "data": {}}"#,
    );
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains(r#""result":true"#), "{ok}");
    let refused = post(&addr, path, r#"{"bk_biz_id": 1}"#);
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    assert!(
        refused
            .to_lowercase()
            .contains("x-bkapi-error-code: 1640001"),
        "{refused}"
    );
    let invalid = post(
        &addr,
        path,
        r#"{"bk_app_code": "a", "bk_app_secret": "s", "bk_biz_id": "one", "bk_set_id": 2, "bk_module_id": 3, "data": {}}"#,
    );
    assert!(invalid.contains(r#""code":1199007"#), "{invalid}");
    assert!(invalid.contains("`bk_biz_id`"), "{invalid}");

    // The log: one line per call, naming the API and the verdict, never the secret.
    let mut log = Vec::new();
    while log.len() < 3 {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if line.contains("mock call") {
            log.push(line.clone());
        }
    }
    drop(child);
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(
        log[0].contains("cc.update_module") && log[0].contains("Answered"),
        "{}",
        log[0]
    );
    assert!(log[1].contains("Unauthenticated"), "{}", log[1]);
    assert!(log[2].contains("Invalid"), "{}", log[2]);
    assert!(log.iter().all(|l| !l.contains("\"s\"")));
}
