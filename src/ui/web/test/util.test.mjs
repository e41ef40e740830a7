import { test } from "node:test";
import assert from "node:assert/strict";
import {
  byteToCharMapper, fixesOf, toCsv, csvField, formatCount, formatMs, explainSegments, diagnosticLine,
} from "../src/util.js";

test("byte offsets of ASCII text are character offsets", () => {
  const map = byteToCharMapper("select Name from SMS_R_System where Nme = 'x'");
  assert.equal(map(36), 36);
  assert.equal(map(39), 39);
  assert.equal(map(1000), 45);
});

test("byte offsets past multi-byte characters are converted", () => {
  const text = "select Name from SMS_R_System where Name = 'Zoë' and Nme = 1";
  const map = byteToCharMapper(text);
  const bytes = Buffer.from(text, "utf8");
  const start = bytes.indexOf(Buffer.from("Nme"));
  assert.equal(text.slice(map(start), map(start + 3)), "Nme");
  // Astral characters take two UTF-16 units and four bytes.
  const astral = "'😀' Nme";
  const m2 = byteToCharMapper(astral);
  assert.equal(astral.slice(m2(7), m2(10)), "Nme");
  // An offset inside a character maps to its start.
  assert.equal(m2(2), 1);
});

test("a fix's byte offsets become editor positions, past multi-byte characters", () => {
  const text = "select Name from SMS_R_System where Name = 'Zoë' and Caption = NULL";
  const bytes = Buffer.from(text, "utf8");
  const start = bytes.indexOf(Buffer.from(" = NULL"));
  const d = { fixes: [{ label: "use IS NULL", edits: [{ start, end: bytes.length, text: " is null" }] }] };
  const [fix] = fixesOf(d, byteToCharMapper(text), text.length);
  assert.equal(fix.label, "use IS NULL");
  assert.equal(fix.edits.length, 1);
  const e = fix.edits[0];
  assert.equal(text.slice(0, e.from) + e.text + text.slice(e.to), "select Name from SMS_R_System where Name = 'Zoë' and Caption is null");
  // Offsets past the end are clamped; a diagnostic without fixes has none.
  const past = fixesOf({ fixes: [{ label: "x", edits: [{ start: 500, end: 600, text: "" }] }] }, byteToCharMapper(text), text.length);
  assert.deepEqual(past[0].edits[0], { from: text.length, to: text.length, text: "" });
  assert.deepEqual(fixesOf({ help: "did you mean Name?" }, byteToCharMapper(text), text.length), []);
  assert.deepEqual(fixesOf(null, byteToCharMapper(text), text.length), []);
});

test("CSV follows RFC 4180", () => {
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField("a,b"), '"a,b"');
  assert.equal(csvField("two\nlines"), '"two\nlines"');
  assert.equal(csvField(null), "");
  assert.equal(csvField(1.5), "1.5");
  assert.equal(toCsv(["Name0", "n"], [["PC-1", 1], ["x,y", null]]), 'Name0,n\r\nPC-1,1\r\n"x,y",\r\n');
});

test("numbers and times format for display", () => {
  assert.equal(formatCount(1234567), "1,234,567");
  assert.equal(formatCount(12), "12");
  assert.equal(formatMs(12.54), "12.5 ms");
  assert.equal(formatMs(850), "850 ms");
  assert.equal(formatMs(2310), "2.31 s");
});

test("explain verdict words are marked", () => {
  const lines = explainSegments("member    PC-1 (1)\n  true  Client = 1\n  false Name = 'true'");
  assert.deepEqual(lines[1].find((s) => s.truth), { text: "true", truth: "true" });
  assert.equal(lines[2].filter((s) => s.truth).length, 1);
  assert.equal(lines[0].filter((s) => s.truth).length, 0);
  const loose = explainSegments("Client = 1 is unknown");
  assert.deepEqual(loose[0].find((s) => s.truth), { text: "unknown", truth: "unknown" });
});

test("diagnostics read as CODE: message", () => {
  assert.equal(diagnosticLine({ code: "WQL0102", message: "no class" }), "WQL0102: no class");
});
