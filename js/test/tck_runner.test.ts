// The TCK runner judges scenarios as the TCK says: results compared as typed
// values, errors by type / phase / detail, side effects from graph snapshots,
// test procedures answering from their tables, unknown steps unsupported. Run over a small feature file kept with the tests.
import { execFileSync } from "node:child_process";
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("tck runner", () => {
  it("reports a verdict per scenario and mode, and pass rates", () => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.tck.json"], { stdio: "ignore" });
    const dir = mkdtempSync(join(tmpdir(), 'namidb-tck-'));
    const json = join(dir, 'out.json');
    let output: string;
    let outcomes: Array<Record<string, unknown>>;
    try {
      output = execFileSync(
          'node',
          [
            'dist/tck/run.js', '--features', 'js/test/tck-fixtures/features', '--json', json,
            '--quiet'
          ],
          {encoding: 'utf8'},
      );
      outcomes = JSON.parse(readFileSync(json, 'utf8')) as Array<Record<string, unknown>>;
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
    const verdicts = outcomes.map((o) => [o.scenario, o.example, o.strict, o.type_phase, o.lenient]);
    expect(verdicts).toEqual([
      ["[1] A passing read", null, "pass", "pass", "pass"],
      ["[2] A wrong expectation fails", null, "fail", "fail", "fail"],
      ["[3] An expected compile-time error", null, "pass", "pass", "pass"],
      ["[4] The right type, another detail", null, "fail", "pass", "pass"],
      ["[5] Test procedures answer from their table", null, "pass", "pass", "pass"],
      ["[6] Side effects of writes", 0, "pass", "pass", "pass"],
      ["[6] Side effects of writes", 1, "pass", "pass", "pass"],
      ["[7] A step the runner does not know is unsupported", null, "unsupported", "unsupported", "unsupported"],
    ]);
    expect(outcomes[0]).toMatchObject({ file: "sample/Sample.feature", error: null });
    expect(output).toMatch(/sample\s+8\s+62\.5%\s+75\.0%\s+75\.0%\s+1/);
    expect(output).toMatch(/overall\s+8/);
  });
});
