//! Which APIs a run generates, and under which system names: module renames made safe module
//! and feature names (with a warning when a name changes), include and exclude matchers.

use crate::config::Config;
use crate::diag::{Code, Severity};
use crate::{emit, ir, source, ConfigError, Diagnostics, Error, Matcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Which APIs a run generates and under which system names: [`Config::module`] renames
/// (then made safe module names), [`Config::include`] and [`Config::exclude`].
pub(crate) struct Selection<'c> {
    modules: &'c BTreeMap<String, String>,
    includes: Vec<Matcher>,
    excludes: Vec<Matcher>,
}

impl<'c> Selection<'c> {
    /// The selection of `config`, with its module names and matchers checked.
    pub(crate) fn new(config: &'c Config) -> Result<Self, Error> {
        for (from, to) in &config.modules {
            let valid = |n: &String| {
                !n.is_empty()
                    && n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            };
            if !valid(from) || !valid(to) {
                return Err(ConfigError::ModuleName {
                    from: from.clone(),
                    to: to.clone(),
                }
                .into());
            }
        }
        Ok(Selection {
            modules: &config.modules,
            includes: parse_matchers(&config.includes, "include")?,
            excludes: parse_matchers(&config.excludes, "exclude")?,
        })
    }

    /// The module a system was asked to be generated as.
    fn module_of(&self, system: &str) -> String {
        self.modules
            .get(system)
            .cloned()
            .unwrap_or_else(|| system.to_string())
    }

    /// The name a system is generated under: renamed as asked, then made a safe module and
    /// feature name, as the emitter names modules (`emit::plan::module_name`).
    fn rename(&self, system: &str) -> String {
        emit::plan::module_name(&self.module_of(system))
    }

    /// Whether the API (system as generated, name) is generated.
    pub(crate) fn wants(&self, (system, name): &(String, String)) -> bool {
        (self.includes.is_empty() || self.includes.iter().any(|m| m.matches_api(system, name)))
            && !self.excludes.iter().any(|m| m.matches_api(system, name))
    }

    /// The docs to read: a doc a conf or resource file places in an unwanted API is not read.
    /// Adds the API keys the confs name to `known`.
    pub(crate) fn docs_to_read(
        &self,
        sources: &[source::SourceDoc],
        known: &mut BTreeSet<(String, String)>,
    ) -> Vec<source::SourceDoc> {
        sources
            .iter()
            .filter(|doc| match &doc.origin {
                source::Origin::Routed { system, .. } => {
                    let key = (self.rename(system), doc.name.clone());
                    let keep = self.wants(&key);
                    known.insert(key);
                    keep
                }
                _ => true,
            })
            .cloned()
            .collect()
    }

    /// The API each doc is about, when known (for a doc that failed, from its conf).
    pub(crate) fn keys(
        &self,
        outcomes: &[(Option<ir::Api>, Diagnostics)],
        docs: &[source::SourceDoc],
    ) -> Vec<Option<(String, String)>> {
        outcomes
            .iter()
            .zip(docs)
            .map(|((api, _), doc)| match api {
                Some(api) => Some((self.rename(&api.system), api.name.clone())),
                None => doc
                    .system()
                    .map(|system| (self.rename(system), doc.name.clone())),
            })
            .collect()
    }

    /// Gives each API its system's generated name, with a warning for each name that had to
    /// change to be a module name.
    pub(crate) fn name_systems(&self, apis: &mut [ir::Api], sink: &mut Diagnostics) {
        // The names asked for each module, each with the first doc that asked for it.
        let mut asked: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
        for api in apis {
            let safe = self.rename(&api.system);
            asked
                .entry(safe.clone())
                .or_default()
                .entry(self.module_of(&api.system))
                .or_insert_with(|| api.source.clone());
            api.system = safe;
        }
        report_renamed_systems(&asked, sink);
    }

    /// A matcher that selects none of the `known` APIs is almost always a typo: an error.
    pub(crate) fn check_matchers(&self, known: &BTreeSet<(String, String)>) -> Result<(), Error> {
        for (option, matchers) in [("include", &self.includes), ("exclude", &self.excludes)] {
            if let Some(m) = matchers
                .iter()
                .find(|m| !known.iter().any(|(s, n)| m.matches_api(s, n)))
            {
                let systems: BTreeSet<&str> = known.iter().map(|(s, _)| s.as_str()).collect();
                return Err(ConfigError::SelectsNoApi {
                    option,
                    matcher: m.to_string(),
                    systems: systems.into_iter().map(str::to_string).collect(),
                }
                .into());
            }
        }
        Ok(())
    }
}

/// A warning for each system whose name had to change to be a module and feature name
/// (`asked`: module → the names asked for it → a doc of each), naming the other systems it
/// now shares the module with.
fn report_renamed_systems(
    asked: &BTreeMap<String, BTreeMap<String, PathBuf>>,
    sink: &mut Diagnostics,
) {
    for (safe, names) in asked {
        for (name, file) in names.iter().filter(|(name, _)| *name != safe) {
            let others: Vec<String> = names
                .keys()
                .filter(|other| *other != name)
                .map(|other| format!("{other:?}"))
                .collect();
            let shared = if others.is_empty() {
                String::new()
            } else {
                format!(
                    "; it shares the module with the system {}",
                    others.join(", ")
                )
            };
            sink.report(
                Severity::Warning,
                Code::RenamedSystem,
                file,
                0,
                format!(
                    "the system {name:?} is not usable as a Rust module and cargo feature name; \
                     it is generated as `{safe}`{shared}"
                ),
                Some(
                    "name the system in snake_case ASCII, or choose its name with `Config::module`",
                ),
            );
        }
    }
}

fn parse_matchers(texts: &[String], option: &'static str) -> Result<Vec<Matcher>, Error> {
    texts
        .iter()
        .map(|t| {
            Matcher::parse(t).map_err(|reason| {
                Error::from(ConfigError::Matcher {
                    option,
                    matcher: t.clone(),
                    reason,
                })
            })
        })
        .collect()
}
