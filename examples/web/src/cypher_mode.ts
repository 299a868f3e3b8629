// Cypher highlighting for CodeMirror 6: a small stream-language mode
// (keywords, functions, labels, relationship types, parameters, strings,
// numbers, comments). No maintained CodeMirror 6 Cypher package without React
// exists on npm, and the editor needs only tokens.
import { StreamLanguage, type StreamParser } from "@codemirror/language";

const KEYWORDS = new Set(
  (
    "match optional where return with unwind union all call yield create merge set remove delete detach foreach " +
    "on order by asc ascending desc descending skip limit distinct as and or xor not in is null true false case when " +
    "then else end exists count starts ends contains explain profile index constraint for require unique drop show"
  ).split(" "),
);

interface State {
  inComment: boolean;
}

const parser: StreamParser<State> = {
  name: "cypher",
  startState: () => ({ inComment: false }),
  token(stream, state) {
    if (state.inComment) {
      if (stream.skipTo("*/")) {
        stream.match("*/");
        state.inComment = false;
      } else stream.skipToEnd();
      return "comment";
    }
    if (stream.eatSpace()) return null;
    if (stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match("/*")) {
      state.inComment = true;
      return "comment";
    }
    const ch = stream.peek();
    if (ch === "'" || ch === '"') {
      const quote = stream.next();
      let escaped = false;
      let c: string | void;
      while ((c = stream.next()) !== undefined) {
        if (c === quote && !escaped) break;
        escaped = !escaped && c === "\\";
      }
      return "string";
    }
    if (ch === "`") {
      stream.next();
      stream.skipTo("`");
      stream.next();
      return "variableName";
    }
    if (stream.match(/^\$[A-Za-z_][\w]*/)) return "variableName.special";
    if (stream.match(/^:[A-Za-z_][\w]*/)) return "typeName";
    if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)) return "number";
    if (stream.match(/^[A-Za-z_][\w]*/)) {
      const word = stream.current().toLowerCase();
      if (KEYWORDS.has(word)) return "keyword";
      if (stream.peek() === "(") return "function(variableName)";
      return "variableName";
    }
    if (stream.match(/^(<-|->|--|<>|<=|>=|=~|[-=<>+*/%^|])/)) return "operator";
    stream.next();
    return "punctuation";
  },
  languageData: { commentTokens: { line: "//", block: { open: "/*", close: "*/" } } },
};

export const cypher = StreamLanguage.define(parser);
