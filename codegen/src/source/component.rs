//! The legacy PaaS ESB layout: a system folder holds one Python module per API, each with a
//! `Component` class whose `suggest_method` gives the HTTP method, beside the docs in
//! `apidocs/<lang>/<api>.md`:
//!
//! ```text
//! cmsi/
//!   send_mail.py          class SendMail(Component): suggest_method = HTTP_METHOD.POST
//!   apidocs/en/send_mail.md
//! ```
//!
//! ESB serves such a component at `/api/c/compapi/v2/<system>/<api>/`. The module is read as
//! text, never run.

use super::route_file::{Entry, Problem, RouteFile};
use crate::diag::Code;
use crate::ir::{Auth, Method, Route};
use std::collections::BTreeMap;
use std::path::Path;

/// The route file a component module makes: one entry, named after the module, in the system
/// its folder names; `None` when the text holds no `Component` class.
pub fn parse(path: &Path, text: &str) -> Option<(RouteFile, Vec<Problem>)> {
    let name = path.file_stem()?.to_str()?.to_string();
    let system = path.parent()?.file_name()?.to_str()?.to_string();
    let (class_line, class) = text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.trim_start().strip_prefix("class ")?;
        let (class, bases) = rest.split_once('(')?;
        bases
            .split(')')
            .next()?
            .contains("Component")
            .then(|| (i + 1, class.trim().to_string()))
    })?;
    let method = text.lines().enumerate().find_map(|(i, line)| {
        let value = line.trim().strip_prefix("suggest_method")?.trim_start();
        let value = value.strip_prefix('=')?.trim();
        let word = value.strip_prefix("HTTP_METHOD.").unwrap_or(value);
        Some((i + 1, word.trim_matches(['"', '\'']).to_string()))
    });
    let mut problems = Vec::new();
    let route = match method {
        Some((line, word)) => match Method::parse(&word) {
            Some(method) => Some(Route {
                method,
                path: super::esb::conventional_path(&system, &name),
                auth: Auth::Esb,
            }),
            None => {
                problems.push(Problem {
                    code: Code::UnknownMethod,
                    line,
                    message: format!(
                        "component `{class}` has suggest_method `{word}`, which no client can \
                         call; its doc must give its own route"
                    ),
                    hint: Some("use HTTP_METHOD.GET or HTTP_METHOD.POST"),
                });
                None
            }
        },
        None => {
            problems.push(Problem {
                code: Code::NoMethod,
                line: class_line,
                message: format!(
                    "component `{class}` has no suggest_method; its doc must give its own route"
                ),
                hint: Some("add `suggest_method = HTTP_METHOD.POST` (or GET) to the class"),
            });
            None
        }
    };
    let entry = Entry {
        name: name.clone(),
        system: system.clone(),
        route,
        line: class_line,
    };
    let file = RouteFile {
        path: path.to_path_buf(),
        system: Some(system),
        entries: BTreeMap::from([(name, entry)]),
        convention: None,
    };
    Some((file, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEND_MAIL: &str = "from components.component import Component\n\
        from common.constants import HTTP_METHOD\n\n\
        class SendMail(Component):\n    \"\"\"Sends mail\"\"\"\n    \
        suggest_method = HTTP_METHOD.POST\n    label = 'send mail'\n";

    #[test]
    fn a_component_gives_its_method_and_the_esb_path() {
        let (file, problems) = parse(Path::new("cmsi/send_mail.py"), SEND_MAIL).unwrap();
        assert!(problems.is_empty());
        let entry = &file.entries["send_mail"];
        assert_eq!(entry.system, "cmsi");
        assert_eq!(entry.line, 4);
        let route = entry.route.as_ref().unwrap();
        assert_eq!(route.method, Method::Post);
        assert_eq!(route.path, "/api/c/compapi/v2/cmsi/send_mail/");
    }

    #[test]
    fn modules_without_a_component_are_not_route_files() {
        assert!(parse(Path::new("cmsi/utils.py"), "def helper():\n    pass\n").is_none());
        assert!(parse(Path::new("cmsi/x.py"), "class X(object):\n    pass\n").is_none());
    }

    #[test]
    fn a_missing_or_unknown_method_is_reported() {
        let text = "class SendMail(Component):\n    pass\n";
        let (file, problems) = parse(Path::new("cmsi/send_mail.py"), text).unwrap();
        assert!(file.entries["send_mail"].route.is_none());
        assert_eq!(problems[0].code, Code::NoMethod);
        let text = "class SendMail(Component):\n    suggest_method = HTTP_METHOD.FETCH\n";
        let (_, problems) = parse(Path::new("cmsi/send_mail.py"), text).unwrap();
        assert_eq!(problems[0].code, Code::UnknownMethod);
    }
}
