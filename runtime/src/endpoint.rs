//! Static description of one API, emitted as a `const` by the code generator.

/// HTTP method of an API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: parameters travel in the query string.
    Get,
    /// `POST`: parameters travel in a JSON body.
    Post,
    /// `PUT`: parameters travel in a JSON body.
    Put,
    /// `DELETE`: parameters travel in a JSON body (BlueKing APIs expect that).
    Delete,
    /// `PATCH`: parameters travel in a JSON body.
    Patch,
}

impl Method {
    /// Whether parameters go into the query string rather than a JSON body.
    pub const fn uses_query(self) -> bool {
        matches!(self, Method::Get)
    }

    /// The method name as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

/// How credentials are presented to the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthStyle {
    /// Legacy ESB (`/api/c/compapi/...`): credentials are merged into the
    /// body (or the query for `GET`) *and* sent in the authorization header,
    /// because ESB versions differ in which one they read.
    Esb,
    /// API gateway: credentials only in the authorization header.
    Gateway,
}

/// One API: where it lives and how to call it.
///
/// All fields are public so generated code can build it in a `const`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// Owning system, e.g. `"cc"`.
    pub system: &'static str,
    /// API name, e.g. `"update_module"`.
    pub name: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path appended to the client's base URL. May contain `{field}`
    /// placeholders that are filled from the request field of that name.
    pub path: &'static str,
    /// How credentials are sent.
    pub auth: AuthStyle,
}

impl Endpoint {
    /// `"system.name"`, the label used in errors (e.g. `"cc.update_module"`).
    pub fn api_name(&self) -> String {
        format!("{}.{}", self.system, self.name)
    }
}
