/**
 * Everything wrong with the configuration, one problem per line. Thrown once with every problem
 * found, so an operator fixes the whole file in one go instead of one error per start.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}
