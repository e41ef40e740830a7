// Small helpers without DOM or editor dependencies (unit-tested with node --test).

/**
 * Returns a function that maps a UTF-8 byte offset into `text` to the
 * matching UTF-16 index (the unit of JavaScript strings and editor
 * positions). An offset inside a multi-byte character maps to the start of
 * that character; offsets past the end map to the end.
 */
export function byteToCharMapper(text) {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) {
    return (byte) => Math.max(0, Math.min(byte, text.length));
  }
  // starts[i] = byte offset at which UTF-16 index i begins (for the first
  // unit of each code point); the array is sorted so lookups are a search.
  const bytes = [];
  const chars = [];
  let b = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i);
    const units = cp > 0xffff ? 2 : 1;
    bytes.push(b);
    chars.push(i);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += units;
  }
  bytes.push(b);
  chars.push(text.length);
  return (byte) => {
    if (byte <= 0) return 0;
    if (byte >= b) return text.length;
    let lo = 0;
    let hi = bytes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bytes[mid] <= byte) lo = mid;
      else hi = mid - 1;
    }
    return chars[lo];
  };
}

/**
 * A diagnostic's fixes (the API's byte offsets in the checked text) as
 * editor positions: `toChar` maps a byte offset to a character position and
 * `length` is the document's length in characters.
 */
export function fixesOf(d, toChar, length) {
  return (d && Array.isArray(d.fixes) ? d.fixes : [])
    .filter((f) => f && Array.isArray(f.edits) && f.edits.length > 0)
    .map((f) => ({
      label: String(f.label || "fix"),
      edits: f.edits.map((e) => {
        const from = Math.min(toChar(e.start), length);
        return { from, to: Math.min(Math.max(toChar(e.end), from), length), text: String(e.text ?? "") };
      }),
    }));
}

/** One diagnostic as a "CODE: message" line. */
export function diagnosticLine(d) {
  const code = d && d.code ? `${d.code}: ` : "";
  return `${code}${(d && d.message) || "unknown problem"}`;
}

/** Text of a cell as shown in tables and written to CSV. */
export function cellText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** One CSV field, quoted as RFC 4180 requires. */
export function csvField(value) {
  const s = cellText(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A result set as RFC 4180 CSV: a header record, CRLF line ends. */
export function toCsv(columns, rows) {
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) lines.push(row.map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** 1234567 -> "1,234,567" (fixed grouping, independent of the locale). */
export function formatCount(n) {
  if (typeof n !== "number" || !Number.isFinite(n)) return String(n);
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Milliseconds for display: "850 ms", "12.5 ms", "2.31 s". */
export function formatMs(ms) {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "";
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${Number(ms.toFixed(1))} ms`;
}

/**
 * Splits explain text into lines of segments so that the verdict words
 * (true / false / unknown) can be coloured. The verdict is the first word
 * of a line; when no line starts with one, every whole word is marked.
 * Returns [[{text, truth?}]].
 */
export function explainSegments(text) {
  const lines = String(text).split("\n");
  const leading = /^(\s*)(true|false|unknown)\b/;
  const anyLeading = lines.some((l) => leading.test(l));
  return lines.map((line) => {
    if (anyLeading) {
      const m = leading.exec(line);
      if (!m) return [{ text: line }];
      const segs = [];
      if (m[1]) segs.push({ text: m[1] });
      segs.push({ text: m[2], truth: m[2] });
      segs.push({ text: line.slice(m[0].length) });
      return segs.filter((s) => s.text !== "");
    }
    const segs = [];
    const re = /\b(true|false|unknown)\b/g;
    let last = 0;
    let m;
    while ((m = re.exec(line)) !== null) {
      if (m.index > last) segs.push({ text: line.slice(last, m.index) });
      segs.push({ text: m[1], truth: m[1] });
      last = m.index + m[1].length;
    }
    if (last < line.length) segs.push({ text: line.slice(last) });
    return segs;
  });
}

/** Calls fn once `ms` have passed without another call. */
export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
