"use client";

import { useEffect, useRef } from "react";
import { autocompletion, closeBrackets } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { lintGutter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { PromQLExtension } from "@prometheus-io/codemirror-promql";

/**
 * A PromQL editor: syntax highlighting, errors underlined where they are, and completion of
 * functions, metric names and labels from the chosen datasource. Enter runs the query.
 */
export function PromqlEditor({ value, datasource, onChange, onRun }: { value: string; datasource: string; onChange: (v: string) => void; onRun: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  useEffect(() => {
    callbacks.current = { onChange, onRun };
  });

  useEffect(() => {
    if (!host.current) return;
    // Completion requests carry the datasource, so names come from where the query will run.
    const fetchFn: typeof fetch = (input, init) => {
      const url = new URL(String(input), window.location.origin);
      url.searchParams.set("datasource", datasource);
      return fetch(url, init);
    };
    const promql = new PromQLExtension().setComplete({ remote: { url: "", apiPrefix: "/api/v1", fetchFn, httpMethod: "GET" } }).activateLinter(true);
    const state = EditorState.create({
      doc: view.current?.state.doc.toString() ?? value,
      extensions: [
        history(),
        closeBrackets(),
        bracketMatching(),
        autocompletion(),
        lintGutter(),
        syntaxHighlighting(defaultHighlightStyle),
        placeholder("Expression, e.g. sum by (code) (rate(http_requests_total[5m]))"),
        keymap.of([
          { key: "Enter", run: () => (callbacks.current.onRun(), true) },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        promql.asExtension(),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ "aria-label": "PromQL expression" }),
      ],
    });
    view.current?.destroy();
    view.current = new EditorView({ state, parent: host.current });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
    // The editor is rebuilt only when the datasource changes; `value` seeds it once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasource]);

  return <div className="promql-editor" ref={host} />;
}
