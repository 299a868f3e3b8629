/**
 * Cypher text into statements at each `;` that ends one: a `;` inside a
 * string ('…' or "…", with backslash escapes), a backquoted name or a comment
 * (`// …` to the end of the line, `/* … *\/`) ends nothing. Text that holds
 * only white space and comments is no statement. Used by `-f`, `-c` and the
 * shell, which feeds it line by line and keeps the unfinished rest.
 */

export interface SplitStatement {
  /** The statement without its `;`, leading comments or blanks. */
  text: string;
  /** 1-based line of its first character in the whole text. */
  line: number;
}

export interface SplitResult {
  /** Every statement ended by a `;`. */
  statements: SplitStatement[];
  /** What follows the last `;` (an unfinished statement, or only blanks and comments). */
  rest: string;
  /** 1-based line where `rest` starts. */
  restLine: number;
  /** True when `rest` ends inside a string, a name or a block comment. */
  open: boolean;
}

type State = "code" | "single" | "double" | "backtick" | "line-comment" | "block-comment";

/** Splits `text` (which starts at line `firstLine`) at the `;`s that end statements. */
export function splitStatements(text: string, firstLine = 1): SplitResult {
  const statements: SplitStatement[] = [];
  let state: State = "code";
  let start = 0;
  let line = firstLine;
  let startLine = firstLine;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "\n") line++;
    switch (state) {
      case "code":
        if (c === "'") state = "single";
        else if (c === '"') state = "double";
        else if (c === "`") state = "backtick";
        else if (c === "/" && next === "/") state = "line-comment";
        else if (c === "/" && next === "*") {
          state = "block-comment";
          i++;
        } else if (c === ";") {
          const piece = text.slice(start, i);
          if (!isBlank(piece)) statements.push(statementOf(piece, startLine));
          start = i + 1;
          startLine = line;
        }
        break;
      case "single":
      case "double":
        if (c === "\\") {
          if (next === "\n") line++;
          i++;  // the escaped character, a quote or a backslash included
        } else if (c === (state === "single" ? "'" : '"')) state = "code";
        break;
      case "backtick":
        if (c === "`") {
          if (next === "`") i++;  // `` is a backquote inside a name
          else state = "code";
        }
        break;
      case "line-comment":
        if (c === "\n") state = "code";
        break;
      case "block-comment":
        if (c === "*" && next === "/") {
          state = "code";
          i++;
        }
        break;
    }
  }
  const rest = text.slice(start);
  return { statements, rest, restLine: startLine, open: state !== "code" && state !== "line-comment" };
}

/** True for text that is only white space and complete comments. */
export function isBlank(text: string): boolean {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, "").trim() === "";
}

// The statement from its first character that is neither blank nor in a
// comment, so that the engine's line numbers count from its first line.
function statementOf(piece: string, startLine: number): SplitStatement {
  const lead = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/.exec(piece)![0];
  return { text: piece.slice(lead.length).trim(), line: startLine + lead.split("\n").length - 1 };
}
