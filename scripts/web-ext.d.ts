/** The part of web-ext's Node API that scripts/lint-firefox.ts uses (web-ext ships no types). */
declare module 'web-ext' {
  interface LintMessage {
    code: string;
    message: string;
    file?: string;
    line?: number;
    column?: number;
  }
  const webExt: {
    cmd: {
      lint(
        options: { sourceDir: string; output: 'none' | 'json' | 'text' },
        runOptions: { shouldExitProgram: boolean },
      ): Promise<{ errors: LintMessage[]; notices: LintMessage[]; warnings: LintMessage[] }>;
    };
  };
  export default webExt;
}
