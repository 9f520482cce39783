/** Resolves once `condition` holds, checking every `everyMs`: for watching a child process's files. */
export function waitUntil(condition: () => boolean, everyMs = 20): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      }
    }, everyMs);
  });
}
