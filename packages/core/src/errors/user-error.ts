/**
 * A problem the user can fix that shows up while a run executes (a data file that is
 * missing or corrupt, a backend that cannot start): printed with its hint, without a stack.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
