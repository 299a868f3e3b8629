// What pages/namidb_page.ts puts on globalThis, for the functions tests run
// in the page with page.evaluate (they are type-checked here, run there).
import type * as Namidb from "../../../../dist/js/index.js";

declare global {
  var namidb: typeof Namidb;
  /** Anything a test keeps in the page between two evaluate calls. */
  var pageState: Record<string, any>;
}
