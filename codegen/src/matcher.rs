//! Path matchers: how [`Config`](crate::Config) options name a system, an API or a type (see
//! [`Matcher`]).

use std::fmt;

/// A parsed path matcher: how [`Config`](crate::Config) options name a system, an API or a
/// type.
///
/// Like prost-build's `".pkg.Msg"` paths, one short string selects what an option applies to:
///
/// | matcher | matches |
/// |---|---|
/// | `"."` (or `""`) | everything |
/// | `"cc"` | every API and type of the system (module) `cc` |
/// | `"cc.update_module"` | the API `update_module` of `cc`, and every type generated for it |
/// | `"cc.UpdateModuleRequest"` | the generated type `UpdateModuleRequest` of `cc` |
///
/// A leading `.` is allowed and ignored (`".cc.update_module"`). Systems are named as the
/// generated code names them, that is after any [`Config::module`](crate::Config::module)
/// rename. The part after the system is an API's wire name (as in its doc's file name or conf
/// entry) or a generated type name (as in the generated code); both are compared exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Matcher {
    text: String,
    system: Option<String>,
    item: Option<String>,
}

impl Matcher {
    /// Parses a matcher; `Err` says what is wrong with it.
    pub fn parse(text: &str) -> Result<Matcher, String> {
        let trimmed = text.trim();
        let body = trimmed.strip_prefix('.').unwrap_or(trimmed);
        if body.is_empty() {
            return Ok(Matcher {
                text: text.to_string(),
                system: None,
                item: None,
            });
        }
        let (system, item) = match body.split_once('.') {
            Some((system, item)) => (system, Some(item)),
            None => (body, None),
        };
        let valid = |s: &str| {
            s.split('.').all(|seg| {
                !seg.is_empty()
                    && seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            })
        };
        if !valid(system) || item.is_some_and(|i| !valid(i)) {
            return Err(format!(
                "`{text}` is not a matcher: write `.` for everything, `system`, `system.api_name` or `system.TypeName` \
                 (ASCII letters, digits, `_`, `-`)"
            ));
        }
        Ok(Matcher {
            text: text.to_string(),
            system: Some(system.to_string()),
            item: item.map(str::to_string),
        })
    }

    /// Whether the matcher selects the API `name` of `system`.
    pub fn matches_api(&self, system: &str, name: &str) -> bool {
        self.system.as_deref().is_none_or(|s| s == system)
            && self.item.as_deref().is_none_or(|i| i == name)
    }

    /// Whether the matcher selects the type `type_name` generated for the API `api` of `system`.
    pub fn matches_type(&self, system: &str, api: &str, type_name: &str) -> bool {
        self.system.as_deref().is_none_or(|s| s == system)
            && self
                .item
                .as_deref()
                .is_none_or(|i| i == api || i == type_name)
    }

    /// The system part, if any (`None` for `.`).
    pub fn system(&self) -> Option<&str> {
        self.system.as_deref()
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::Matcher;

    #[test]
    fn matchers_select_systems_apis_and_types() {
        let all = Matcher::parse(".").unwrap();
        assert!(all.matches_api("cc", "x") && all.matches_type("job", "y", "YRequest"));
        assert!(Matcher::parse("").unwrap().matches_api("cc", "x"));

        let cc = Matcher::parse("cc").unwrap();
        assert!(cc.matches_api("cc", "update_module"));
        assert!(!cc.matches_api("ccc", "update_module"));
        assert!(cc.matches_type("cc", "update_module", "UpdateModuleRequest"));

        let api = Matcher::parse(".cc.update_module").unwrap();
        assert!(api.matches_api("cc", "update_module"));
        assert!(!api.matches_api("cc", "update_set"));
        assert!(api.matches_type("cc", "update_module", "UpdateModuleRequestData"));

        let ty = Matcher::parse("cc.UpdateModuleRequest").unwrap();
        assert!(ty.matches_type("cc", "update_module", "UpdateModuleRequest"));
        assert!(!ty.matches_type("cc", "update_module", "UpdateModuleRequestData"));
        assert!(!ty.matches_api("cc", "update_module"));

        // API names may hold dots.
        assert!(Matcher::parse("gw.v1.list")
            .unwrap()
            .matches_api("gw", "v1.list"));
    }

    #[test]
    fn bad_matchers_are_refused_with_the_grammar() {
        for bad in ["cc..x", "cc.", "c c", "cc/update", "::cc"] {
            let err = Matcher::parse(bad).unwrap_err();
            assert!(err.contains("system.api_name"), "{bad}: {err}");
        }
    }
}
