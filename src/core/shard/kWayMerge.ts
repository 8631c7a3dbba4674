// The files of all parts in one path order: each part is in path order, so a binary heap of the parts' current files
// gives the next path in O(log k) (k parts) while holding one record per part.
import type { PartCursor } from './partCursor';

/**
 * Yields the cursor holding the next file in path order (UTF-16 code unit order, as comparePaths), to be read before
 * the next step; reads each part to its end.
 */
export async function* inPathOrder(cursors: readonly PartCursor[]): AsyncGenerator<PartCursor> {
  const heap: PartCursor[] = [];
  for (const c of cursors) {
    await c.advance();
    if (c.path !== null) push(heap, c);
  }
  while (heap.length > 0) {
    const top = heap[0];
    yield top;
    await top.advance();
    if (top.path === null) {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        siftDown(heap, 0);
      }
    } else siftDown(heap, 0);
  }
}

const before = (a: PartCursor, b: PartCursor): boolean => a.path! < b.path!;

function push(heap: PartCursor[], c: PartCursor): void {
  heap.push(c);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function siftDown(heap: PartCursor[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let least = i;
    if (l < heap.length && before(heap[l], heap[least])) least = l;
    if (r < heap.length && before(heap[r], heap[least])) least = r;
    if (least === i) return;
    [heap[i], heap[least]] = [heap[least], heap[i]];
    i = least;
  }
}
