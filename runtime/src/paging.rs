//! Walking every page of a paged API.
//!
//! BlueKing's paged APIs take `page: {start, limit, ...}` in the request and return
//! `data: {count, info: [...]}`, where `count` is the total number of items.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::request;

/// Page size used when neither [`Pages::page_size`] nor the request's `page.limit` sets one.
/// Small enough for every BlueKing system's limit (CMDB allows 500 at most).
pub const DEFAULT_PAGE_SIZE: u64 = 100;

/// The `data` of one page.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
pub(crate) struct PageData<T> {
    count: Option<u64>,
    info: Option<Vec<T>>,
}

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<PageData<T>, Error>> + Send>>;

/// Every item of a paged API, fetched one page at a time as they are consumed: a
/// [`Stream`] of `Result<T, Error>`, from [`Client::pages`].
///
/// Each request is the original one with `page.start` and `page.limit` set (the other
/// `page` fields, such as `sort`, are kept). It starts at the request's `page.start` (0 if
/// unset) and stops after the page that reaches `count`, after an empty page, or, when the
/// server sends no `count`, after a page shorter than the page size. An error ends the
/// stream after it is yielded.
///
/// Without a `Stream` library, use the inherent [`Pages::next`] or [`Pages::all`].
#[must_use = "a stream does nothing until polled"]
pub struct Pages<T> {
    client: Client,
    endpoint: Endpoint,
    request: Map<String, Value>,
    /// An error found before the first request (the request did not serialise).
    error: Option<Error>,
    page_size: u64,
    next_start: u64,
    buffer: VecDeque<T>,
    in_flight: Option<PageFuture<T>>,
    done: bool,
}

// No field is structurally pinned: the in-flight future is boxed.
impl<T> Unpin for Pages<T> {}

impl Client {
    /// Walks all pages of a paged API (see [`Pages`]), yielding the items of each page's
    /// `data.info`, decoded as `T`. Nothing is sent until the stream is polled.
    pub fn pages<Req, T>(&self, endpoint: &Endpoint, request: &Req) -> Pages<T>
    where
        Req: Serialize + ?Sized,
        T: DeserializeOwned + Send + 'static,
    {
        let (request, error) = match request::to_fields(endpoint, request) {
            Ok(fields) => (fields, None),
            Err(e) => (Map::new(), Some(e)),
        };
        let page = request.get("page").and_then(Value::as_object);
        let number = |key: &str| page.and_then(|p| p.get(key)).and_then(Value::as_u64);
        Pages {
            client: self.clone(),
            endpoint: *endpoint,
            page_size: number("limit")
                .filter(|&l| l > 0)
                .unwrap_or(DEFAULT_PAGE_SIZE),
            next_start: number("start").unwrap_or(0),
            request,
            error,
            buffer: VecDeque::new(),
            in_flight: None,
            done: false,
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> Pages<T> {
    /// Items per request (`page.limit`). Default: the request's `page.limit` when it is
    /// positive, else [`DEFAULT_PAGE_SIZE`]. Takes effect from the next request.
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// The next item, fetching the next page when needed; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// All remaining items, or the first error.
    pub async fn all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn fetch(&self) -> PageFuture<T> {
        let mut fields = self.request.clone();
        let page = fields
            .entry("page")
            .or_insert_with(|| Value::Object(Map::new()));
        if !page.is_object() {
            *page = Value::Object(Map::new());
        }
        if let Value::Object(page) = page {
            page.insert("start".into(), self.next_start.into());
            page.insert("limit".into(), self.page_size.into());
        }
        let client = self.client.clone();
        let endpoint = self.endpoint;
        Box::pin(async move { client.call_fields(&endpoint, fields).await })
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for Pages<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(error) = this.error.take() {
                this.done = true;
                return Poll::Ready(Some(Err(error)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let future = match &mut this.in_flight {
                Some(future) => future,
                None => this.in_flight.insert(this.fetch()),
            };
            let page = match future.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.in_flight = None;
            match page {
                Err(error) => this.error = Some(error),
                Ok(page) => {
                    let items = page.info.unwrap_or_default();
                    let got = items.len() as u64;
                    this.next_start += got;
                    this.done = got == 0
                        || match page.count {
                            Some(count) => this.next_start >= count,
                            None => got < this.page_size,
                        };
                    this.buffer.extend(items);
                }
            }
        }
    }
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("api", &self.endpoint.api_name())
            .field("page_size", &self.page_size)
            .field("next_start", &self.next_start)
            .field("buffered", &self.buffer.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
