//! A neighbour of the runtime in one binary: code that builds its own `reqwest::Client`, with
//! no TLS feature of its own, before any bkapi client exists. Cargo unifies reqwest's features
//! across the binary, so whatever the runtime turns on, this client gets too: it must not make
//! the neighbour's client unusable.

/// Builds a reqwest client the way such a neighbour does: `Client::new()`.
pub fn neighbour_client() -> reqwest::Client {
    reqwest::Client::new()
}
