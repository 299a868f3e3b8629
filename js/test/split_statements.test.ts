// Splitting Cypher text into statements for -f, -c and the shell.
import { describe, expect, it } from "vitest";
import { isBlank, splitStatements } from "../../dist/js/shell/split_statements.js";

const texts = (text: string) => splitStatements(text).statements.map((s) => s.text);

describe("splitStatements", () => {
  it("splits at each ';' outside strings, names and comments", () => {
    expect(texts("RETURN 1; RETURN 2;")).toEqual(["RETURN 1", "RETURN 2"]);
    expect(texts("RETURN 'a;b', \"c;d\"; RETURN 2;")).toEqual(["RETURN 'a;b', \"c;d\"", "RETURN 2"]);
    expect(texts("RETURN 'it\\'s;' AS s; RETURN \"\\\\\"; RETURN 3;")).toEqual(["RETURN 'it\\'s;' AS s", 'RETURN "\\\\"', "RETURN 3"]);
    expect(texts("MATCH (`a;``b`) RETURN 1;")).toEqual(["MATCH (`a;``b`) RETURN 1"]);
    expect(texts("RETURN 1 // not here; nor here\n+ 1; /* ; */ RETURN 2;")).toEqual(["RETURN 1 // not here; nor here\n+ 1", "RETURN 2"]);
  });

  it("drops empty statements and leading comments, and counts lines from the statement's first character", () => {
    const { statements } = splitStatements(";;\n// intro; still a comment\n\n/* a\n;b */ RETURN 1;\nRETURN\n2;", 10);
    expect(statements).toEqual([
      { text: "RETURN 1", line: 14 },
      { text: "RETURN\n2", line: 15 },
    ]);
  });

  it("keeps what follows the last ';' and says when it ends inside a string or comment", () => {
    expect(splitStatements("RETURN 1; RETURN").rest).toBe(" RETURN");
    expect(splitStatements("RETURN 1; RETURN 'x;").open).toBe(true);
    expect(splitStatements("RETURN 1; /* x;").open).toBe(true);
    expect(splitStatements("RETURN 1; // x;").open).toBe(false);
    expect(isBlank(" // only;\n/* comments */ ")).toBe(true);
    expect(isBlank("'//'")).toBe(false);
  });
});
