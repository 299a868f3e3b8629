// The query editor: CodeMirror 6 with the Cypher mode, Ctrl/Cmd-Enter to run.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { cypher } from "./cypher_mode.js";

const style = HighlightStyle.define([
  { tag: tags.keyword, color: "#0f766e", fontWeight: "600" },
  { tag: tags.typeName, color: "#9333ea" },
  { tag: tags.string, color: "#b45309" },
  { tag: tags.number, color: "#2563eb" },
  { tag: tags.comment, color: "#94a3b8", fontStyle: "italic" },
  { tag: tags.special(tags.variableName), color: "#db2777" },
  { tag: tags.function(tags.variableName), color: "#0369a1" },
  { tag: tags.operator, color: "#475569" },
]);

export function createEditor(parent: HTMLElement, doc: string, run: () => void): EditorView {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        bracketMatching(),
        cypher,
        syntaxHighlighting(style),
        placeholder("MATCH (n) RETURN n LIMIT 25"),
        keymap.of([
          { key: "Mod-Enter", run: () => (run(), true), preventDefault: true },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.lineWrapping,
      ],
    }),
  });
}
