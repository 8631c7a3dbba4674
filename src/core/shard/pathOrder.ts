// Puts results that arrive in completion order back into path order, so a re-run shard writes the same bytes: each
// result is released once every path before it has been released. Waiting results are kept as their JSON lines.

export class PathOrder {
  private next = 0;
  private readonly waiting = new Map<string, string>();

  /** `paths`: the shard's files in the order the lines must appear. */
  constructor(private readonly paths: readonly string[]) {}

  /** Files released so far. */
  get released(): number {
    return this.next;
  }

  /** Takes one file's line; returns the lines that can now be written (possibly none), in path order. */
  add(path: string, line: string): string[] {
    this.waiting.set(path, line);
    const ready: string[] = [];
    while (this.next < this.paths.length) {
      const l = this.waiting.get(this.paths[this.next]);
      if (l === undefined) break;
      this.waiting.delete(this.paths[this.next]);
      ready.push(l);
      this.next++;
    }
    return ready;
  }
}
