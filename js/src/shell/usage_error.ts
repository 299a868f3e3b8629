/**
 * A mistake in the command line itself (an unknown flag, a missing value):
 * printed as one line and the usage, exit status 2, never with a stack trace.
 */
export class UsageError extends Error {
  override name: string = "UsageError";
  /** The usage text to print after the message. */
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}
