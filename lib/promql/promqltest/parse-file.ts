/**
 * Parses promqltest files (see Prometheus's promql/promqltest/README.md, copied to
 * ../shared/conformance/promql/FORMAT.md): load, clear and eval commands with expectations.
 */
import { parseDuration } from "../duration";
import { type SeqValue, parseSeriesDesc, parseTestNumber, type SeriesDesc } from "./series-desc";
import { unquoteString } from "../strings";

/** An `expect warn|info|fail` line's message matcher. */
export interface MessageExpectation {
  msg?: string;
  regex?: RegExp;
}

/** What an eval command expects. */
export interface EvalCommand {
  kind: "eval";
  line: number;
  query: string;
  /** Instant queries: the time; range queries: start/end/step. All in milliseconds. */
  instant: boolean;
  start: number;
  end: number;
  step: number;
  fail: MessageExpectation[] | null;
  warn: MessageExpectation[];
  info: MessageExpectation[];
  noWarn: boolean;
  noInfo: boolean;
  ordered: boolean;
  /** Expected series, or a scalar when `scalar` is set. */
  expected: SeriesDesc[];
  scalar: number | undefined;
  expectString: string | undefined;
  rangeVector: { start: number; end: number; step: number } | undefined;
  /** The expectation mentions native histogram values. */
  histogramValues: boolean;
}

/** A load (or load_with_nhcb) command. */
export interface LoadCommand {
  kind: "load";
  line: number;
  step: number;
  withNhcb: boolean;
  series: SeriesDesc[];
}

/** Any command of a test file. */
export type Command = LoadCommand | { kind: "clear"; line: number } | EvalCommand;

/** A problem in the test file itself. */
export class TestFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const EXPECT_RANGE = /^expect\s+range\s+vector\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)$/;
const EXPECT_STRING = /^expect\s+string\s+(.+)$/;

function duration(s: string, line: number): number {
  const d = parseDuration(s.trim());
  if (d === undefined) throw new TestFileError(line, `invalid duration ${JSON.stringify(s)}`);
  return d;
}

/** Splits a file into commands; comments and blank lines end a command's block. */
export function parseTestFile(text: string): Command[] {
  const lines = text.split("\n").map((l) => {
    const t = l.trim();
    return t.startsWith("#") ? "" : t;
  });
  const cmds: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === "") continue;
    const line = i + 1;
    const word = l.split(/\s+/, 1)[0].toLowerCase();
    if (word === "clear") {
      cmds.push({ kind: "clear", line });
      continue;
    }
    // load and eval take the following lines up to a blank line (or comment).
    const block: { text: string; line: number }[] = [];
    while (i + 1 < lines.length && lines[i + 1] !== "") block.push({ text: lines[++i], line: i + 1 });
    if (word.startsWith("load")) cmds.push(parseLoad(l, line, block));
    else if (word.startsWith("eval")) cmds.push(parseEval(l, line, block));
    else throw new TestFileError(line, `invalid command ${JSON.stringify(l)}`);
  }
  return cmds;
}

function parseLoad(l: string, line: number, block: { text: string; line: number }[]): LoadCommand {
  const m = /^load(?:_(with_nhcb))?\s+(.+?)$/.exec(l);
  if (!m) throw new TestFileError(line, "invalid load command. (load[_with_nhcb] <step:duration>)");
  const series = block.map((b) => {
    try {
      return parseSeriesDesc(b.text);
    } catch (err) {
      throw new TestFileError(b.line, (err as Error).message);
    }
  });
  return { kind: "load", line, step: duration(m[2], line), withNhcb: m[1] === "with_nhcb", series };
}

function message(kind: string | undefined, text: string | undefined, line: number): MessageExpectation {
  if (kind === undefined || text === undefined) return {};
  const t = text.trim();
  if (kind === "msg") return { msg: t };
  try {
    return { regex: new RegExp(t) };
  } catch (err) {
    throw new TestFileError(line, `invalid regexp ${JSON.stringify(t)}: ${(err as Error).message}`);
  }
}

function parseEval(l: string, line: number, block: { text: string; line: number }[]): EvalCommand {
  const cmd: EvalCommand = {
    kind: "eval", line, query: "", instant: true, start: 0, end: 0, step: 0, fail: null, warn: [], info: [],
    noWarn: false, noInfo: false, ordered: false, expected: [], scalar: undefined, expectString: undefined,
    rangeVector: undefined, histogramValues: false,
  };
  let variant: string | undefined;
  const inst = EVAL_INSTANT.exec(l);
  const range = inst ? null : EVAL_RANGE.exec(l);
  if (inst) {
    variant = inst[1];
    cmd.start = cmd.end = inst[2] ? duration(inst[2], line) : 0;
    cmd.query = inst[3];
  } else if (range) {
    variant = range[1];
    cmd.instant = false;
    cmd.start = duration(range[2], line);
    cmd.end = duration(range[3], line);
    cmd.step = duration(range[4], line);
    cmd.query = range[5];
  } else {
    throw new TestFileError(line, `invalid evaluation command ${JSON.stringify(l)}`);
  }
  if (variant === "fail") cmd.fail = [];
  if (variant === "warn") cmd.warn.push({});
  if (variant === "info") cmd.info.push({});
  if (variant === "ordered") cmd.ordered = true;
  for (const b of block) parseEvalLine(cmd, b.text, b.line);
  return cmd;
}

function parseEvalLine(cmd: EvalCommand, text: string, line: number): void {
  let m: RegExpExecArray | null;
  if ((m = EXPECT_RANGE.exec(text))) {
    cmd.rangeVector = { start: duration(m[1], line), end: duration(m[2], line), step: duration(m[3], line) };
  } else if ((m = EXPECT_STRING.exec(text))) {
    try {
      cmd.expectString = unquoteString(m[1].trim());
    } catch {
      throw new TestFileError(line, `invalid expected string ${m[1]}`);
    }
  } else if ((m = EXPECT.exec(text))) {
    const exp = message(m[2], m[3], line);
    switch (m[1]) {
      case "fail":
        (cmd.fail ??= []).push(exp);
        break;
      case "warn":
        cmd.warn.push(exp);
        break;
      case "info":
        cmd.info.push(exp);
        break;
      case "no_warn":
        cmd.noWarn = true;
        break;
      case "no_info":
        cmd.noInfo = true;
        break;
      case "ordered":
        cmd.ordered = true;
        break;
    }
  } else if (text.startsWith("expected_fail_message ")) {
    (cmd.fail ??= []).push({ msg: text.slice("expected_fail_message ".length).trim() });
  } else if (text.startsWith("expected_fail_regexp ")) {
    (cmd.fail ??= []).push(message("regex", text.slice("expected_fail_regexp ".length), line));
  } else if (text.startsWith("expect")) {
    throw new TestFileError(line, `invalid expect line ${JSON.stringify(text)}`);
  } else {
    const n = parseTestNumber(text);
    if (n !== undefined) {
      cmd.scalar = n;
      return;
    }
    try {
      const s = parseSeriesDesc(text);
      if (s.values.some((v: SeqValue) => v.kind === "histogram")) cmd.histogramValues = true;
      if (cmd.instant && !cmd.rangeVector && s.values.length > 1) {
        throw new TestFileError(line, "expecting multiple values in instant evaluation not allowed");
      }
      cmd.expected.push(s);
    } catch (err) {
      if (err instanceof TestFileError) throw err;
      throw new TestFileError(line, (err as Error).message);
    }
  }
}
