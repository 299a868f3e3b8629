/**
 * The progress line of long runs (a script, a copy) on stderr. On a
 * terminal it is one line redrawn in place (at most every 100 ms, and only
 * once the run has taken a second, so short runs show nothing) and erased
 * before anything else is printed; with --progress on anything else
 * (a log file, a pipe) it is a plain line at most once a second.
 * Off when stderr is no terminal and --progress was not given.
 */
export class ProgressLine {
  private shown = false;
  private last = 0;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly mode: "terminal" | "lines" | "off",
  ) {}

  /** The mode for `stream`: a terminal redraws, `forced` (--progress) prints lines elsewhere. */
  static for(stream: NodeJS.WriteStream, forced: boolean): ProgressLine {
    return new ProgressLine(stream, stream.isTTY ? "terminal" : forced ? "lines" : "off");
  }

  /** Shows `text` if enough time has passed since the last time (`force`: now). */
  update(text: string, force = false): void {
    if (this.mode === "off") return;
    const now = Date.now();
    if (this.mode === "terminal") {
      if (!force && (now - this.started < 1000 || now - this.last < 100)) return;
      this.stream.write(`\r\x1b[K${text}`);
      this.shown = true;
    } else {
      if (!force && this.last !== 0 && now - this.last < 1000) return;
      this.stream.write(`${text}\n`);
    }
    this.last = now;
  }

  /** Erases the line (a terminal), so that other output starts on a clean line. */
  clear(): void {
    if (this.shown) this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}
