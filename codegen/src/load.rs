//! One doc to one API: read, parse, infer; then one API per (system, name) among all docs.

use crate::diag::{Code, DocDiag, Severity};
use crate::{infer, ir, markdown, source, Diagnostic, Diagnostics};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Picks one doc per (system, name) among the inferred ones and turns the others' fate into
/// [`Code::DuplicateApi`] warnings; returns the APIs kept and the counts of docs skipped and
/// of duplicates. A doc that failed only for want of a route, but whose API another doc gives,
/// is a duplicate rather than an error.
pub(crate) fn settle(
    sources: &[source::SourceDoc],
    outcomes: &mut [(Option<ir::Api>, Diagnostics)],
) -> (Vec<ir::Api>, usize, usize) {
    // A route guessed from a conf's convention is the weakest: any doc giving its own wins.
    let guessed: Vec<bool> = outcomes
        .iter()
        .map(|(_, own)| {
            own.items()
                .iter()
                .any(|d| d.code == Code::ConventionalRoute)
        })
        .collect();
    let prefer = |a: usize, b: usize| -> (Ordering, String) {
        if guessed[a] != guessed[b] {
            let (own, guess) = if guessed[a] { (b, a) } else { (a, b) };
            let why = format!(
                "{} gives its route while {}'s follows only its conf's convention",
                sources[own].path.display(),
                sources[guess].path.display()
            );
            return (guessed[a].cmp(&guessed[b]), why);
        }
        sources[a].preference(&sources[b])
    };
    let mut chosen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, (api, _)) in outcomes.iter().enumerate() {
        let Some(api) = api else { continue };
        let key = (api.system.clone(), api.name.clone());
        match chosen.get(&key) {
            Some(&j) if prefer(j, i).0 != Ordering::Greater => {}
            _ => {
                chosen.insert(key, i);
            }
        }
    }

    let (mut skipped, mut duplicates) = (0, 0);
    let mut apis = Vec::new();
    for (i, (api, own)) in outcomes.iter_mut().enumerate() {
        let doc = &sources[i];
        match api.take() {
            Some(api) => {
                let key = (api.system.clone(), api.name.clone());
                let winner = chosen[&key];
                if winner == i {
                    apis.push(api);
                } else {
                    duplicates += 1;
                    let used = &sources[winner];
                    let (_, why) = prefer(winner, i);
                    own.report(
                        Severity::Warning,
                        Code::DuplicateApi,
                        &doc.path,
                        0,
                        format!(
                            "`{}/{}` is documented more than once: it is generated from {}, not from this doc, because {why}",
                            key.0,
                            key.1,
                            used.path.display()
                        ),
                        Some("document each API once, or keep the copies identical"),
                    );
                }
            }
            None => {
                // A doc without a route whose API another doc gives anyway: not worth an error.
                let covered = doc
                    .system()
                    .and_then(|system| chosen.get(&(system.to_string(), doc.name.clone())))
                    .map(|&w| &sources[w]);
                let route_errors_only = own
                    .items()
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .all(|d| matches!(d.code, Code::NoMethod | Code::NoAddress));
                match (covered, unrouted_reason(doc)) {
                    (Some(used), Some((why, _))) if route_errors_only => {
                        duplicates += 1;
                        let kept = std::mem::take(own)
                            .into_items()
                            .into_iter()
                            .filter(|d| d.severity != Severity::Error);
                        for d in kept {
                            own.push(d);
                        }
                        own.report(
                            Severity::Warning,
                            Code::DuplicateApi,
                            &doc.path,
                            0,
                            format!(
                                "`{}/{}` is generated from {}; this doc is not used: {why}, and the doc gives no route itself",
                                doc.system().unwrap_or_default(),
                                doc.name,
                                used.path.display()
                            ),
                            Some("remove this copy, or give it a route too"),
                        );
                    }
                    _ => skipped += 1,
                }
            }
        }
    }
    (apis, skipped, duplicates)
}

/// Reads, parses and infers one doc; `None` when it was skipped (its errors are in `sink`).
pub fn load_doc(doc: &source::SourceDoc, sink: &mut Diagnostics) -> Option<ir::Api> {
    let mut own = Diagnostics::new();
    let api = infer_doc(doc, &mut own);
    for d in own.into_items() {
        let (message, hint) = explain_unrouted(doc, &d).unwrap_or((d.message, d.hint));
        sink.push(Diagnostic { message, hint, ..d });
    }
    api
}

pub(crate) fn infer_doc(doc: &source::SourceDoc, sink: &mut Diagnostics) -> Option<ir::Api> {
    let mut diag = DocDiag {
        file: &doc.path,
        sink,
    };
    let text = source::read_doc(&doc.path, &mut diag)?;
    let parsed = markdown::parse(&text);
    let mut input = doc_input(doc);
    // A route the same API's doc in another language gives beats the conf's convention.
    if input.fallback.is_some() {
        if let Some(route) = doc.alternates.iter().find_map(|path| route_of(path)) {
            (input.route, input.fallback) = (Some(route), None);
        }
    }
    let mut api = infer::infer(&parsed, &input, &mut diag)?;
    // A file name that is no API name (spaces, Chinese): the address names the API.
    if !source::is_wire_name(&api.name) {
        if let Some(last) = api
            .route
            .path
            .split('/')
            .rev()
            .find(|s| !s.is_empty())
            .filter(|s| source::is_wire_name(s))
        {
            api.name = last.to_string();
        }
    }
    Some(api)
}

/// The route a doc gives itself, if it names one; problems with the doc are not reported here
/// (it is not the doc generated from).
fn route_of(path: &std::path::Path) -> Option<ir::Route> {
    let mut scratch = Diagnostics::new();
    let mut diag = DocDiag {
        file: path,
        sink: &mut scratch,
    };
    let text = source::read_doc(path, &mut diag)?;
    infer::own_route(&markdown::parse(&text), &mut diag)
}

/// A clearer message for a doc beside a conf or resource file that does not route it than
/// "no conf or resource file gives one".
fn explain_unrouted(doc: &source::SourceDoc, d: &Diagnostic) -> Option<(String, Option<String>)> {
    let (section, lacks) = match d.code {
        Code::NoMethod => ("no request method", "no `### request method` section"),
        Code::NoAddress => (
            "no request address",
            "no `### request address` section with a path",
        ),
        _ => return None,
    };
    let (why, hint) = unrouted_reason(doc)?;
    let convention = match &doc.origin {
        source::Origin::Unlisted {
            convention: Some(c),
            ..
        } => {
            format!(
                " (the conf's /v2/{}/<name>/ convention routes only docs that document a response)",
                c.rule.system
            )
        }
        _ => String::new(),
    };
    Some((
        format!("{section}: {why}, and the doc has {lacks}; the doc is skipped{convention}"),
        Some(hint),
    ))
}

/// Why the route files beside a doc give it no route, and what to do; `None` when no route
/// file covers the doc.
fn unrouted_reason(doc: &source::SourceDoc) -> Option<(String, String)> {
    let source::Origin::Unlisted { files, listed, .. } = &doc.origin else {
        return None;
    };
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let name = &doc.name;
    let own = "or give the doc `### request method` and `### request address` sections";
    Some(if *listed {
        (
            format!(
                "the entry `{name}` in {} has no usable method or path (see the warning there)",
                names.join(", ")
            ),
            format!("fix the entry `{name}` in {}, {own}", names.join(", ")),
        )
    } else if names.len() == 1 {
        (
            format!("{} has no entry named `{name}`", names[0]),
            format!("add an entry named `{name}` to {}, {own}", names[0]),
        )
    } else {
        (
            format!("none of {} has an entry named `{name}`", names.join(", ")),
            format!("add an entry named `{name}` to {}, {own}", names[0]),
        )
    })
}

/// What the source layer knows of a doc before it is read, as inference takes it: the route
/// and system a conf or resource file gives, or the route their convention implies.
pub fn doc_input(doc: &source::SourceDoc) -> infer::DocInput<'_> {
    let (system, route) = match &doc.origin {
        source::Origin::Routed { system, route, .. } => (Some(system.clone()), Some(route.clone())),
        _ => (None, None),
    };
    let fallback = match &doc.origin {
        source::Origin::Unlisted { convention: Some(c), .. } => Some(infer::Fallback {
            route: c.route.clone(),
            reason: format!(
                "{} has no entry named `{}`; {} of its {} entries are routed /v2/{}/<name>/, and {} of them by {}",
                c.file.display(),
                doc.name,
                c.rule.follows,
                c.rule.of,
                c.rule.system,
                c.rule.using,
                c.rule.method.as_str()
            ),
            hint: format!("add an entry named `{}` to {} to confirm the route, or give the doc `### request method` and `### request address` sections", doc.name, c.file.display()),
        }),
        _ => None,
    };
    infer::DocInput {
        path: &doc.path,
        name: doc.name.clone(),
        system,
        route,
        fallback,
    }
}
