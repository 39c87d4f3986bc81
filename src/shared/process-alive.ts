// Whether a process id is running: signal 0 tests without sending anything. EPERM means it exists but
// belongs to someone else, which is still alive.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
