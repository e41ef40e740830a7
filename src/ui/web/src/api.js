// HTTP client for the workbench API. The session token arrives once in the
// page address (?token=...), is kept for this tab only (sessionStorage, so
// that reloading the page keeps working), and is sent as a bearer token on
// every call.

const STORED = "wqlkit-ui-token";
let token = null;

/** Reads the token from the address (or this tab's storage) and removes it from the address bar. */
export function takeTokenFromLocation() {
  const params = new URLSearchParams(window.location.search);
  token = params.get("token");
  if (token === null) {
    try {
      token = window.sessionStorage.getItem(STORED);
    } catch {
      token = null;
    }
  } else {
    try {
      window.sessionStorage.setItem(STORED, token);
    } catch {
      // Storage may be disabled; the token then lasts until the page is left.
    }
    params.delete("token");
    const query = params.toString();
    const address = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", address);
  }
  return token !== null;
}

/** An API call that failed: an HTTP error status, or no answer at all. */
export class ApiError extends Error {
  constructor(status, message, diagnostics = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.diagnostics = diagnostics;
  }
}

/**
 * Calls the API and returns the parsed JSON body. Throws ApiError on a
 * network failure, an error status or a body that is not JSON.
 */
export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const init = { method, headers, cache: "no-store", credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, `no answer from the wqlkit server (${err.message}); is "wqlkit ui" still running?`);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const diagnostics = data && Array.isArray(data.diagnostics) ? data.diagnostics : [];
    let message = `HTTP ${response.status} ${response.statusText}`.trim();
    if (response.status === 401) {
      message = token === null
        ? "HTTP 401: this page was opened without its session token; open the address that \"wqlkit ui\" printed"
        : "HTTP 401: the session token was not accepted; open the address that \"wqlkit ui\" printed";
    } else if (diagnostics.length === 0 && text && data === null) {
      message += `: ${text.slice(0, 300)}`;
    }
    throw new ApiError(response.status, message, diagnostics);
  }
  if (data === null || typeof data !== "object") {
    throw new ApiError(response.status, `the server's answer to ${path} is not a JSON object`);
  }
  return data;
}

export const get = (path) => api("GET", path);
export const post = (path, body) => api("POST", path, body);
