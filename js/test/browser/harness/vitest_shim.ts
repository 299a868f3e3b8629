/**
 * What shared test code imports from "vitest", for bundles that run in a
 * browser page or worker: Vitest's own `expect` (its Jest matchers on chai),
 * and `describe` / `it` / hooks that do nothing (the cases are run one by one
 * by name, see store_conformance.ts's `conformanceCases`).
 */
import * as chai from "chai";
import { GLOBAL_EXPECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, setState } from "@vitest/expect";

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

export const expect = chai.expect as unknown as typeof import("vitest").expect;
setState({ assertionCalls: 0, isExpectingAssertions: false, expectedAssertionsNumber: null }, expect);
(globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;

const nothing = (): void => undefined;
type Suite = ((name: string, fn: () => void) => void) & { runIf: (c: boolean) => Suite; skip: Suite };
const suite = ((_name: string, _fn: () => void) => undefined) as Suite;
suite.runIf = () => suite;
suite.skip = suite;
export const describe = suite;
export const it = suite;
export const test = suite;
export const beforeEach = nothing;
export const afterEach = nothing;
export const beforeAll = nothing;
export const afterAll = nothing;
