/**
 * A run started by `granular worker` ends with the worker: its stdin is the worker's pipe,
 * which closes when the worker dies in any way (SIGKILL included). The run then stops at once,
 * as it would if the machine went away; its checkpoints are complete or absent (atomic), and
 * the worker that takes the job over resumes from the last one.
 */
export function exitWithParent(): void {
  const die = () => process.kill(process.pid, 'SIGKILL');
  process.stdin.on('end', die);
  process.stdin.on('error', die);
  process.stdin.resume();
}
