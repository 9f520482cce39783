/** A place in a source text, 1-based like editors and compilers print it. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.col}`;
}
