// WQL syntax highlighting as a CodeMirror stream language.

import { StreamLanguage, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

const KEYWORDS = new Set([
  "select", "distinct", "from", "where", "as", "join", "inner", "left", "right", "full",
  "outer", "on", "order", "by", "asc", "desc", "like", "is", "in", "between", "not",
  "and", "or",
]);
const ATOMS = new Set(["null", "true", "false"]);

const wqlParser = {
  name: "wql",
  startState: () => ({ afterDot: false }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    const afterDot = state.afterDot;
    state.afterDot = false;
    const quote = stream.peek();
    if (quote === "'" || quote === '"') {
      stream.next();
      let ch;
      while ((ch = stream.next()) != null) {
        if (ch === "\\") stream.next();
        else if (ch === quote) break;
      }
      return "string";
    }
    if (stream.match(/^-?\d+(\.\d+)?(?![A-Za-z_0-9])/)) return "number";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      const lower = word.toLowerCase();
      // After a dot a keyword is a property name (alias.Order).
      if (afterDot) return "propertyName";
      if (KEYWORDS.has(lower)) return "keyword";
      if (ATOMS.has(lower)) return "atom";
      if (/^sms_/i.test(word)) return "typeName";
      if (stream.match(/^\s*\(/, false)) return "function";
      return "variableName";
    }
    if (stream.eat(".")) {
      state.afterDot = true;
      return "punctuation";
    }
    if (stream.match(/^(<>|!=|<=|>=|=|<|>|\*)/)) return "operator";
    stream.next();
    return "punctuation";
  },
  languageData: {
    closeBrackets: { brackets: ["(", "'", '"'] },
  },
  tokenTable: {
    function: t.function(t.variableName),
  },
};

export const wqlLanguage = StreamLanguage.define(wqlParser);

export const wqlHighlight = syntaxHighlighting(HighlightStyle.define([
  { tag: t.keyword, color: "#7a1fa2", fontWeight: "600" },
  { tag: t.atom, color: "#0b6bcb" },
  { tag: t.string, color: "#a33a00" },
  { tag: t.number, color: "#0a7d54" },
  { tag: t.typeName, color: "#005f87" },
  { tag: t.function(t.variableName), color: "#6b4f00" },
  { tag: t.propertyName, color: "#1f2937" },
  { tag: t.operator, color: "#6b7280" },
]));
