/**
 * The pull cursor: opaque to the consumer (base64url of a small versioned document), so the
 * position can later carry more than a sequence (a partition, a NATS stream position) without
 * changing the API.
 */
export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ v: 1, seq })).toString('base64url');
}

/** The sequence in a cursor, or null when the text is not one this API issued. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { v, seq } = parsed as { v?: unknown; seq?: unknown };
    return v === 1 && Number.isSafeInteger(seq) && (seq as number) >= 0 ? (seq as number) : null;
  } catch {
    return null;
  }
}
