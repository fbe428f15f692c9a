import { isMap, isSeq, LineCounter, type Document, type Node } from 'yaml';

export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Maps a JSON pointer (`/plugins/2/config/port`) to the line and column of that node in the YAML
 * source, or of its nearest existing ancestor, so validation errors point into the file.
 */
export function positionOf(doc: Document, lines: LineCounter, pointer: string): SourcePosition | undefined {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  let anchor: Node | null = doc.contents;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String((item.key as { value?: unknown })?.value ?? item.key) === segment,
      );
      if (!pair) break;
      // A collection is pointed at by its key's line, a scalar by the value itself.
      const scalarValue = pair.value && !isMap(pair.value) && !isSeq(pair.value);
      anchor = (scalarValue ? pair.value : pair.key) as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      if (!node) break;
      anchor = node as Node;
    } else {
      break;
    }
  }
  const offset = anchor?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
