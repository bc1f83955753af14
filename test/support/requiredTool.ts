/**
 * Tests that need an outside tool (the Bicep CLI, Debian's chromium). Without the tool the runner reports them as
 * SKIPPED (never as passed); in CI (CI set, as .ci/run does) the tool is required, so one failing test says what
 * is missing instead.
 */
export const inCi = (): boolean => /^(1|true|yes)$/i.test(process.env.CI?.trim() ?? '');

export interface ToolCheck {
  /** True when the tool is there and the tests can run. */
  readonly available: boolean;
  /** What is missing and how to get it, for the skipped title and the CI failure. */
  readonly missing: string;
}

/** `describe(name, body)` with the tool; `describe.skip` without it; in CI without it: a failing test. */
export function describeWithTool(tool: ToolCheck, name: string, body: () => void): void {
  if (tool.available) {
    describe(name, body);
    return;
  }
  if (inCi()) {
    describe(name, () => {
      test(`needs ${tool.missing}`, () => {
        throw new Error(`${tool.missing}: CI requires it, these tests cannot run without it`);
      });
    });
    return;
  }
  // The body only declares tests and hooks; describe.skip runs none of them.
  describe.skip(`${name} [skipped: ${tool.missing}]`, body);
}
