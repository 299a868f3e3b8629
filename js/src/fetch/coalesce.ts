/**
 * Coalescing of a batched read: requests for ranges of one object that touch
 * or overlap (or lie within `gap` bytes of each other) become one ranged GET,
 * whose reply is cut back into the requests' answers. The engine asks for the
 * blocks of one table in one batch, and neighbouring blocks are adjacent.
 */

export interface RangeWanted {
  /** Position in the caller's batch. */
  index: number;
  key: string;
  offset: number;
  /** Bytes wanted; undefined: to the end of the object. */
  length?: number;
}

export interface CoalescedRead {
  key: string;
  offset: number;
  /** undefined: to the end of the object. */
  length?: number;
  members: RangeWanted[];
}

export function coalesceRanges(wanted: readonly RangeWanted[], gap = 0): CoalescedRead[] {
  const byKey = new Map<string, RangeWanted[]>();
  for (const w of wanted) {
    const list = byKey.get(w.key) ?? [];
    list.push(w);
    byKey.set(w.key, list);
  }
  const reads: CoalescedRead[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.offset - b.offset);
    let current: { offset: number; end: number; members: RangeWanted[] } | undefined;
    const flush = () => {
      if (!current) return;
      const read: CoalescedRead = { key, offset: current.offset, members: current.members };
      if (current.end !== Infinity) read.length = current.end - current.offset;
      reads.push(read);
    };
    for (const w of list) {
      const end = w.length === undefined ? Infinity : w.offset + w.length;
      if (current && w.offset <= current.end + gap) {
        current.end = Math.max(current.end, end);
        current.members.push(w);
      } else {
        flush();
        current = { offset: w.offset, end, members: [w] };
      }
    }
    flush();
  }
  return reads;
}

/** The part of a coalesced read's bytes (which start at `readOffset`) that `member` asked for. */
export function sliceMember(data: Uint8Array, readOffset: number, member: RangeWanted): Uint8Array {
  const from = Math.min(data.length, member.offset - readOffset);
  const to = member.length === undefined ? data.length : Math.min(data.length, from + member.length);
  return data.slice(from, to);
}
