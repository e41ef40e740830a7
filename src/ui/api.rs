//! The workbench's JSON API (`/api/v1/…`, described by `openapi.json`) and
//! the page's files. Every API call carries the access token; bodies,
//! pages of rows and query time are bounded; a failure is the same coded
//! diagnostics as the command line's JSON.

use crate::live::LiveSite;
use crate::render;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value as Json_, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wqlkit::core::{Catalog, Code, Diagnostic, Span};
use wqlkit::engine::collections::eval::{ids, prepare_any_query};
use wqlkit::engine::collections::explain::explain_query;
use wqlkit::engine::collections::{Evaluator, Rule, Site};
use wqlkit::engine::{Engine, RecordBatch, output};
use wqlkit::wql::BindOptions;

/// The largest request body.
const BODY_LIMIT: usize = 256 * 1024;
/// The most rows one page of a preview may ask for.
const PAGE_LIMIT: usize = 500;
/// The most rows a preview may return (the server keeps them for paging).
const PREVIEW_ROWS: usize = 2_000_000;

/// Where the workbench's rows come from.
pub(crate) enum Rows {
    /// A snapshot or the demo fleet, evaluated here.
    Offline(Engine),
    /// A live site database: a preview is sent to it as the rule's T-SQL.
    Live(LiveSite),
}

/// What the server holds: the rows, the catalog, the token.
pub(crate) struct Workbench {
    rows: Rows,
    catalog: Catalog,
    label: String,
    token: String,
    /// The last preview's rows, so that paging, sorting and filtering do not run it again.
    last: Mutex<Option<Arc<Preview>>>,
    /// Queries running now.
    running: AtomicUsize,
    /// The threads queries run on: a runtime of their own, so that a long
    /// query never holds up the server's answers (or its own time limit).
    queries: tokio::runtime::Handle,
    /// The longest one query may run before it is stopped.
    query_time: Duration,
}

/// Counts a query in [`Workbench::running`] for as long as it runs.
struct Running(Shared);

impl Running {
    fn new(w: &Shared) -> Running {
        w.running.fetch_add(1, Ordering::SeqCst);
        Running(w.clone())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Aborts a query's task when the request that started it ends unanswered:
/// the client went away (the server drops the request's future) or the
/// time ran out.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs `job` on the query threads within the query time, stopped when the
/// request ends first.
async fn on_query_threads<T, F>(w: &Shared, job: impl FnOnce(Shared) -> F) -> Result<T, Refusal>
where
    F: std::future::Future<Output = Result<T, Refusal>> + Send + 'static,
    T: Send + 'static,
{
    let running = Running::new(w);
    let work = job(w.clone());
    let task = w.queries.spawn(async move {
        let _running = running;
        work.await
    });
    let _abort = AbortOnDrop(task.abort_handle());
    match tokio::time::timeout(w.query_time, task).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => Err(engine_error(e).into()),
        Err(_) => Err(failure(
            StatusCode::GATEWAY_TIMEOUT,
            Code::Timeout,
            format!("the query ran longer than {} s and was stopped", w.query_time.as_secs()),
        )
        .into()),
    }
}

/// A preview's rows, in print order.
struct Preview {
    wql: String,
    columns: Vec<String>,
    rows: Vec<Vec<Json_>>,
    elapsed_ms: f64,
    warnings: Json_,
}

impl Workbench {
    pub(crate) fn new(
        rows: Rows,
        catalog: Catalog,
        label: String,
        token: String,
        queries: tokio::runtime::Handle,
        query_time: Duration,
    ) -> Workbench {
        Workbench {
            rows,
            catalog,
            label,
            token,
            last: Mutex::new(None),
            running: AtomicUsize::new(0),
            queries,
            query_time,
        }
    }
}

impl Workbench {
    /// The offline rows, which explain, diff, the collections and reports
    /// read; a live site has none (HTTP 409, WQL0603).
    fn engine(&self) -> Result<&Engine, Refusal> {
        match &self.rows {
            Rows::Offline(engine) => Ok(engine),
            Rows::Live(_) => Err(failure(
                StatusCode::CONFLICT,
                Code::UiOfflineOnly,
                format!(
                    "the workbench previews on {} live; explain, diff, the collections and reports read offline rows: \
                     export a snapshot (`wqlkit snapshot export … --out DIR`) and start `wqlkit ui --snapshot DIR`",
                    self.label
                ),
            )
            .into()),
        }
    }
}

type Shared = Arc<Workbench>;

/// A call's failure: its answer, boxed (a response is large to carry in every `Result`).
struct Refusal(Box<Response>);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Refusal {
    fn from(r: Response) -> Refusal {
        Refusal(Box::new(r))
    }
}

/// What a handler returns: its answer, or the failure's.
type Answer = Result<Response, Refusal>;

/// The routes: the page and its files, the OpenAPI document, the API.
pub(crate) fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/info", get(info))
        .route("/check", post(check))
        .route("/format", post(format))
        .route("/translate", post(translate))
        .route("/preview", post(preview))
        .route("/preview/rows", post(preview_rows_streamed))
        .route("/devices", get(devices))
        .route("/explain", post(explain))
        .route("/diff", post(diff))
        .route("/collections", get(collections))
        .route("/collections/evaluate", post(evaluate))
        .route("/sql", post(sql));
    Router::new()
        .route("/", get(page))
        .route(
            "/assets/app.js",
            get(|| async { asset("text/javascript", include_str!("assets/app.js")) }),
        )
        .route(
            "/assets/app.css",
            get(|| async { asset("text/css", include_str!("assets/app.css")) }),
        )
        .route(
            "/api/openapi.json",
            get(|| async { asset("application/json", include_str!("openapi.json")) }),
        )
        .nest("/api/v1", api)
        .layer(middleware::from_fn_with_state(state.clone(), authorize))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .fallback(|| async {
            failure(
                StatusCode::NOT_FOUND,
                Code::UiRequest,
                "no such page or API call".into(),
            )
        })
        .with_state(state)
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response()
}

/// Equal texts, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The API and the OpenAPI document need `Authorization: Bearer <token>`;
/// the page needs `?token=<token>`; the page's script and style need neither.
async fn authorize(State(w): State<Shared>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let allowed = if path.starts_with("/api/") {
        request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| same(t.trim(), &w.token))
    } else if path == "/" {
        // The address `wqlkit ui` printed, or a reload of it (the page's cookie).
        let in_query = request
            .uri()
            .query()
            .unwrap_or_default()
            .split('&')
            .filter_map(|kv| kv.strip_prefix("token="))
            .any(|t| same(t, &w.token));
        let in_cookie = request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().strip_prefix(COOKIE))
            .filter_map(|c| c.strip_prefix('='))
            .any(|t| same(t, &w.token));
        in_query || in_cookie
    } else {
        true
    };
    if allowed {
        next.run(request).await
    } else {
        failure(
            StatusCode::UNAUTHORIZED,
            Code::UiUnauthorized,
            "the access token is missing or wrong: open the address `wqlkit ui` printed".into(),
        )
    }
}

/// The page's cookie: the token, for this server's address only, never sent by other sites.
const COOKIE: &str = "wqlkit_ui";
/// What the page may load: its own script and style, CodeMirror's inline styles, its data: icon.
const CONTENT_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

async fn page(State(w): State<Shared>) -> Response {
    let cookie = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", w.token);
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CONTENT_SECURITY_POLICY, CONTENT_POLICY),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        include_str!("web/index.html"),
    )
        .into_response();
    if let Ok(v) = header::HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// A failure as the command line's JSON diagnostics.
fn failure(status: StatusCode, code: Code, message: String) -> Response {
    let d = Diagnostic::error(code, Span::default(), message);
    (status, Json(json!({ "diagnostics": render::to_json(&[d], "") }))).into_response()
}

/// Diagnostics of `text` (a rule or a report) as a 400 answer.
fn invalid(diags: &[Diagnostic], text: &str) -> Response {
    diagnostics(StatusCode::BAD_REQUEST, diags, text)
}

/// Diagnostics of `text` as an answer of `status`.
fn diagnostics(status: StatusCode, diags: &[Diagnostic], text: &str) -> Response {
    (status, Json(json!({ "diagnostics": render::to_json(diags, text) }))).into_response()
}

/// A request's JSON body, or the reason it is not one as a diagnostic.
fn body<T>(r: Result<Json<T>, JsonRejection>) -> Result<T, Refusal> {
    r.map(|Json(t)| t).map_err(|e| {
        failure(
            e.status(),
            Code::UiRequest,
            format!("the request's body: {}", e.body_text()),
        )
        .into()
    })
}

fn engine_error(e: impl std::fmt::Display) -> Response {
    failure(StatusCode::INTERNAL_SERVER_ERROR, Code::UiRequest, e.to_string())
}

async fn info(State(w): State<Shared>) -> Json<Json_> {
    let (live, now) = match &w.rows {
        Rows::Offline(engine) => (false, Some(engine.now().to_string())),
        Rows::Live(_) => (true, None),
    };
    Json(json!({
        "source": w.label,
        "live": live,
        "version": env!("CARGO_PKG_VERSION"),
        "now": now,
        "running": w.running.load(Ordering::SeqCst),
    }))
}

#[derive(Deserialize)]
struct Wql {
    wql: String,
}

fn compile(w: &Workbench, wql: &str) -> Result<wqlkit::wql::Compiled, Refusal> {
    wqlkit::wql::compile(wql, &w.catalog, &BindOptions::default()).map_err(|d| invalid(&d.0, wql).into())
}

async fn check(State(w): State<Shared>, r: Result<Json<Wql>, JsonRejection>) -> Answer {
    let r = body(r)?;
    Ok(Json(
        match wqlkit::wql::compile(&r.wql, &w.catalog, &BindOptions::default()) {
            Ok(c) => json!({ "valid": true, "diagnostics": render::to_json(&c.warnings, &r.wql) }),
            Err(d) => json!({ "valid": false, "diagnostics": render::to_json(&d.0, &r.wql) }),
        },
    )
    .into_response())
}

async fn format(r: Result<Json<Wql>, JsonRejection>) -> Answer {
    let r = body(r)?;
    let q = wqlkit::wql::parse(&r.wql).map_err(|d| invalid(&d.0, &r.wql))?;
    Ok(Json(json!({ "wql": wqlkit::wql::format(&q) })).into_response())
}

async fn translate(State(w): State<Shared>, r: Result<Json<Wql>, JsonRejection>) -> Answer {
    let r = body(r)?;
    let c = compile(&w, &r.wql)?;
    let t = wqlkit::wql::to_tsql(&c.bound.plan).map_err(|d| invalid(&[d], &r.wql))?;
    let mut v = t.to_json();
    v["diagnostics"] = render::to_json(&c.warnings, &r.wql);
    Ok(Json(v).into_response())
}

#[derive(Deserialize)]
struct PageRequest {
    wql: String,
    #[serde(default)]
    offset: usize,
    #[serde(default = "default_limit")]
    limit: usize,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    descending: bool,
    #[serde(default)]
    filter: String,
}

fn default_limit() -> usize {
    50
}

/// One row per array, cells as JSON.
fn rows_of(batches: &[RecordBatch]) -> Vec<Vec<Json_>> {
    let mut rows = Vec::new();
    for b in batches {
        for r in 0..b.num_rows() {
            rows.push(b.columns().iter().map(|c| output::cell(c, r)).collect());
        }
    }
    rows
}

/// The query's rows in print order, from the last run when it is the same rule.
async fn preview_rows(w: &Shared, wql: &str) -> Result<Arc<Preview>, Refusal> {
    if let Some(p) = w.last.lock().unwrap_or_else(|p| p.into_inner()).clone()
        && p.wql == wql
    {
        return Ok(p);
    }
    let c = Arc::new(compile(w, wql)?);
    let started = Instant::now();
    let compiled = c.clone();
    let batches = on_query_threads(w, |w| async move {
        let plan = &compiled.bound.plan;
        let batches = match &w.rows {
            Rows::Offline(engine) => engine
                .execute_bounded(plan, PREVIEW_ROWS)
                .await
                .map_err(|e| failure(StatusCode::UNPROCESSABLE_ENTITY, Code::UiRequest, e.to_string()))?,
            Rows::Live(site) => {
                let (batches, rows) = site
                    .preview(&compiled, PREVIEW_ROWS)
                    .await
                    .map_err(|d| diagnostics(StatusCode::BAD_GATEWAY, &[d], ""))?;
                if rows > PREVIEW_ROWS as u64 {
                    return Err(failure(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        Code::UiRequest,
                        format!("the rule has {rows} members, more than a preview holds ({PREVIEW_ROWS})"),
                    )
                    .into());
                }
                batches
            }
        };
        Ok(output::order::for_plan(plan, batches).map_err(engine_error)?)
    })
    .await?;
    let columns: Vec<String> = c.bound.columns.iter().map(|c| c.name.clone()).collect();
    let p = Arc::new(Preview {
        wql: wql.to_string(),
        columns,
        rows: rows_of(&batches),
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        warnings: render::to_json(&c.warnings, wql),
    });
    *w.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(p.clone());
    Ok(p)
}

/// Orders cells as SQL Server orders them: NULL first, numbers by value, text case-insensitively.
fn compare(a: &Json_, b: &Json_) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Json_::Null, Json_::Null) => Ordering::Equal,
        (Json_::Null, _) => Ordering::Less,
        (_, Json_::Null) => Ordering::Greater,
        (Json_::Number(x), Json_::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()).unwrap_or(Ordering::Equal),
        _ => text(a).to_lowercase().cmp(&text(b).to_lowercase()),
    }
}

fn text(v: &Json_) -> String {
    match v {
        Json_::String(s) => s.clone(),
        Json_::Null => String::new(),
        other => other.to_string(),
    }
}

async fn preview(State(w): State<Shared>, r: Result<Json<PageRequest>, JsonRejection>) -> Answer {
    let r = body(r)?;
    let p = preview_rows(&w, &r.wql).await?;
    let needle = r.filter.trim().to_lowercase();
    let mut matched: Vec<&Vec<Json_>> = p
        .rows
        .iter()
        .filter(|row| needle.is_empty() || row.iter().any(|c| text(c).to_lowercase().contains(&needle)))
        .collect();
    if let Some(sort) = &r.sort {
        let Some(i) = p.columns.iter().position(|c| c.eq_ignore_ascii_case(sort)) else {
            return Err(failure(
                StatusCode::BAD_REQUEST,
                Code::UiRequest,
                format!("no column {sort} to sort by"),
            )
            .into());
        };
        matched.sort_by(|a, b| {
            let o = compare(&a[i], &b[i]);
            if r.descending { o.reverse() } else { o }
        });
    }
    let limit = r.limit.clamp(1, PAGE_LIMIT);
    let page: Vec<&Vec<Json_>> = matched.iter().skip(r.offset).take(limit).copied().collect();
    Ok(Json(json!({
        "columns": p.columns,
        "rows": page,
        "total": p.rows.len(),
        "matched": matched.len(),
        "offset": r.offset,
        "limit": limit,
        "elapsed_ms": (p.elapsed_ms * 10.0).round() / 10.0,
        "diagnostics": p.warnings,
    }))
    .into_response())
}

/// Rows written per piece of a streamed answer.
const STREAM_ROWS: usize = 1000;

/// Every row of a preview, streamed as NDJSON: one JSON object per line,
/// keyed as the command line's `--format json` keys them, in its order.
/// The answer is written a thousand rows at a time, so that a large
/// result never becomes one large text.
async fn preview_rows_streamed(State(w): State<Shared>, r: Result<Json<Wql>, JsonRejection>) -> Answer {
    let r = body(r)?;
    let p = preview_rows(&w, &r.wql).await?;
    let names = output::unique_names(&p.columns);
    let pieces = (0..p.rows.len()).step_by(STREAM_ROWS).map(move |start| {
        let mut text = String::new();
        for row in &p.rows[start..(start + STREAM_ROWS).min(p.rows.len())] {
            let object: serde_json::Map<String, Json_> = names.iter().cloned().zip(row.iter().cloned()).collect();
            text.push_str(&Json_::Object(object).to_string());
            text.push('\n');
        }
        Ok::<_, std::convert::Infallible>(text)
    });
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        axum::body::Body::from_stream(futures::stream::iter(pieces)),
    )
        .into_response())
}

/// The site's collections and resources, read from the rows.
async fn evaluator(w: &Workbench) -> Result<Evaluator<'_>, Refusal> {
    let engine = w.engine()?;
    let site = Site::from_engine(engine).await.map_err(engine_error)?;
    Ok(Evaluator::new(engine, &w.catalog, site).await.map_err(engine_error)?)
}

#[derive(Deserialize)]
struct DeviceSearch {
    #[serde(default)]
    search: String,
    #[serde(default)]
    limit: Option<usize>,
}

async fn devices(State(w): State<Shared>, Query(q): Query<DeviceSearch>) -> Answer {
    let answer = on_query_threads(&w, |w| async move {
        let ev = evaluator(&w).await?;
        let needle = q.search.to_lowercase();
        let found: Vec<Json_> = ev
            .resources()
            .all()
            .iter()
            .filter_map(|r| r.name.as_ref().map(|n| (r.id, n)))
            .filter(|(_, n)| n.to_lowercase().contains(&needle))
            .take(q.limit.unwrap_or(20).clamp(1, 200))
            .map(|(id, n)| json!({ "resource_id": id, "name": n }))
            .collect();
        Ok(json!({ "devices": found }))
    })
    .await?;
    Ok(Json(answer).into_response())
}

#[derive(Deserialize)]
struct ExplainRequest {
    wql: String,
    device: String,
}

async fn explain(State(w): State<Shared>, r: Result<Json<ExplainRequest>, JsonRejection>) -> Answer {
    let r = body(r)?;
    let answer = on_query_threads(&w, |w| async move {
        let ev = evaluator(&w).await?;
        let found: Vec<_> = ev.resources().named(&r.device).into_iter().cloned().collect();
        if found.is_empty() {
            return Err(failure(
                StatusCode::NOT_FOUND,
                Code::UiRequest,
                ev.resources().unknown(&r.device),
            )
            .into());
        }
        let q = prepared(&w, &ev, &r.wql)?;
        let (mut member, mut text, mut all) = (false, String::new(), Vec::new());
        for d in &found {
            let x = explain_query(w.engine()?, &HashMap::new(), &r.wql, &q, d.id)
                .await
                .map_err(engine_error)?;
            member |= x.member;
            text.push_str(&x.render(d.name.as_deref().unwrap_or_default(), 0));
            all.push(serde_json::to_value(&x).unwrap_or_default());
        }
        Ok(json!({ "member": member, "text": text, "explanations": all }))
    })
    .await?;
    Ok(Json(answer).into_response())
}

#[derive(Deserialize)]
struct DiffRequest {
    wql: String,
    base: String,
}

async fn diff(State(w): State<Shared>, r: Result<Json<DiffRequest>, JsonRejection>) -> Answer {
    let r = body(r)?;
    let answer = on_query_threads(&w, |w| async move {
        let ev = evaluator(&w).await?;
        let mut sets = Vec::new();
        for wql in [&r.wql, &r.base] {
            let q = prepared(&w, &ev, wql)?;
            sets.push(ev.run(&q, std::iter::empty()).await.map_err(engine_error)?);
        }
        let (edited, base) = (&sets[0], &sets[1]);
        let named = |m: &wqlkit::engine::collections::Members| -> Vec<Json_> {
            ids(m)
                .into_iter()
                .map(|id| json!({ "resource_id": id, "name": ev.resources().label(id) }))
                .collect()
        };
        Ok(json!({
            "added": named(&(edited - base)),
            "removed": named(&(base - edited)),
            "unchanged": (edited & base).len(),
        }))
    })
    .await?;
    Ok(Json(answer).into_response())
}

async fn collections(State(w): State<Shared>) -> Answer {
    let answer = on_query_threads(&w, |w| async move {
        let ev = evaluator(&w).await?;
        let recorded = wqlkit::engine::collections::recorded_membership(w.engine()?, &w.catalog)
            .await
            .unwrap_or_default();
        let site = ev.site();
        let list: Vec<Json_> = site
            .collections()
            .iter()
            .map(|c| {
                let of = |f: fn(&Rule) -> Option<&String>| -> Vec<&String> { c.rules.iter().filter_map(f).collect() };
                json!({
                    "id": c.id,
                    "name": c.name,
                    "limiting": c.limit,
                    "includes": of(|r| if let Rule::Include(id) = r { Some(id) } else { None }),
                    "excludes": of(|r| if let Rule::Exclude(id) = r { Some(id) } else { None }),
                    "members": recorded.get(&c.id.to_ascii_uppercase()).map(|m| m.len()),
                    "rules": c.rules.iter().filter_map(|r| match r {
                        Rule::Query { name, wql } => Some(json!({ "name": name, "wql": wql })),
                        _ => None,
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
        let all: Vec<usize> = (0..site.collections().len()).collect();
        let cycles: Vec<Vec<String>> = match ev.graph().order(&all) {
            Ok(_) => vec![],
            Err(cycle) => vec![cycle.iter().map(|&i| site.collections()[i].id.clone()).collect()],
        };
        let broken: Vec<&String> = site
            .collections()
            .iter()
            .filter(|c| c.limit.as_ref().is_some_and(|l| site.get(l).is_none()))
            .map(|c| &c.id)
            .collect();
        Ok(json!({ "collections": list, "cycles": cycles, "broken": broken }))
    })
    .await?;
    Ok(Json(answer).into_response())
}

async fn evaluate(State(w): State<Shared>) -> Answer {
    let answer = on_query_threads(&w, |w| async move {
        let ev = evaluator(&w).await?;
        let started = Instant::now();
        let result = ev.evaluate(None).await.map_err(engine_error)?;
        let list: Vec<Json_> = result
            .results
            .iter()
            .map(|r| json!({ "id": r.collection.id, "members": r.members.len(), "errors": r.errors }))
            .collect();
        Ok(json!({ "collections": list, "elapsed_ms": started.elapsed().as_secs_f64() * 1000.0 }))
    })
    .await?;
    Ok(Json(answer).into_response())
}

#[derive(Deserialize)]
struct SqlRequest {
    sql: String,
}

async fn sql(State(w): State<Shared>, r: Result<Json<SqlRequest>, JsonRejection>) -> Answer {
    let r = body(r)?;
    let answer = on_query_threads(&w, |w| async move {
        let out = wqlkit::engine::report::run(w.engine()?, &r.sql, &[])
            .await
            .map_err(|d| invalid(&d.0, &r.sql))?;
        Ok(json!({
            "results": out.results.iter().map(|s| json!({
                "columns": s.columns,
                "rows": rows_of(&s.batches),
            })).collect::<Vec<_>>(),
            "messages": out.messages,
            "diagnostics": render::to_json(&out.warnings, &r.sql),
        }))
    })
    .await?;
    Ok(Json(answer).into_response())
}

/// A rule prepared as a collection's rule is (its members by ResourceID).
fn prepared(
    w: &Workbench,
    ev: &Evaluator<'_>,
    wql: &str,
) -> Result<wqlkit::engine::collections::eval::PreparedQuery, Refusal> {
    prepare_any_query(wql, &w.catalog, ev.site())
        .map_err(|m| failure(StatusCode::BAD_REQUEST, Code::UiRequest, m).into())
}
