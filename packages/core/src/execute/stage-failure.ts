import { formatLocation, type SourceLocation } from '../errors/source-location.ts';

/** An error raised while a stage ran, carrying the stage and where the pipeline declares it. */
export class StageFailure extends Error {
  constructor(
    readonly stage: string,
    readonly use: string,
    readonly location: SourceLocation,
    override readonly cause: unknown,
  ) {
    super(
      `${formatLocation(location)}  stage '${stage}' (${use}) failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'StageFailure';
  }
}
