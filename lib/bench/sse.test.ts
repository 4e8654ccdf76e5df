import { describe, expect, it } from "vitest";
import { SseParser } from "./sse";

function parse(pieces: string[]): { events: [string, string][]; parser: SseParser } {
  const events: [string, string][] = [];
  const parser = new SseParser((data, type) => events.push([data, type]));
  for (const p of pieces) parser.feed(p);
  parser.end();
  return { events, parser };
}

const STREAM = 'data: {"a":1}\n\ndata: {"b":"é ✓"}\n\n: keep-alive\n\ndata: [DONE]\n\n';

describe("SseParser", () => {
  it("emits each event's data once its blank line has arrived", () => {
    expect(parse([STREAM]).events).toEqual([
      ['{"a":1}', "message"],
      ['{"b":"é ✓"}', "message"],
      ["[DONE]", "message"],
    ]);
  });

  it("gives the same events however the stream is split", () => {
    const want = parse([STREAM]).events;
    for (let i = 1; i < STREAM.length; i++) expect(parse([STREAM.slice(0, i), STREAM.slice(i)]).events).toEqual(want);
    expect(parse(STREAM.split("")).events).toEqual(want);
  });

  it("waits for the blank line before dispatching", () => {
    const events: string[] = [];
    const p = new SseParser((d) => events.push(d));
    p.feed('data: {"x"');
    p.feed(":1}\n");
    expect(events).toEqual([]);
    p.feed("\n");
    expect(events).toEqual(['{"x":1}']);
  });

  it.each([
    ["CRLF line ends", 'data: {"a":1}\r\n\r\ndata: [DONE]\r\n\r\n', ['{"a":1}', "[DONE]"]],
    ["no space after the colon", 'data:{"a":1}\n\n', ['{"a":1}']],
    ["only one leading space is removed", "data:  x\n\n", [" x"]],
    ["multi-line data joined with newlines", "data: a\ndata: b\n\n", ["a\nb"]],
    ["a field without a colon", "data\n\n", [""]],
    ["id and retry ignored", "id: 7\nretry: 100\ndata: x\n\n", ["x"]],
    ["blank lines without data dispatch nothing", "\n\n\ndata: x\n\n\n\n", ["x"]],
    ["a last event without its blank line", "data: x\n\ndata: y", ["x", "y"]],
    ["a last line with a dangling CR", "data: y\r", ["y"]],
  ])("%s", (_name, text, want) => {
    expect(parse([text]).events.map((e) => e[0])).toEqual(want);
  });

  it("passes the event type and resets it after each event", () => {
    expect(parse(["event: error\ndata: boom\n\ndata: ok\n\n"]).events).toEqual([
      ["boom", "error"],
      ["ok", "message"],
    ]);
  });

  it("counts malformed lines and keeps the first for error messages", () => {
    const { events, parser } = parse(['{"choices":[]}\ngarbage here\ndata: fine\n\n']);
    expect(events.map((e) => e[0])).toEqual(["fine"]);
    expect(parser.invalidLines).toBe(2);
    expect(parser.firstInvalidLine).toBe('{"choices":[]}');
  });
});
