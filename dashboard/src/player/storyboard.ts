// Seek previews: a storyboard is one sprite image and a WebVTT file whose cues name a tile of it ("sprite.jpg#xywh=x,y,w,h").

export interface Tile { start: number; end: number; image: string; x: number; y: number; width: number; height: number }

export async function loadStoryboard(url: string): Promise<Tile[]> {
  const response = await fetch(url);
  if (!response.ok) return [];
  return parseStoryboard(await response.text(), url);
}

export function parseStoryboard(vtt: string, base: string): Tile[] {
  const tiles: Tile[] = [];
  const lines = vtt.replace(/\r/g, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const timing = /^(\S+)\s+-->\s+(\S+)/.exec(lines[i]);
    const target = lines[i + 1];
    const tile = target ? /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(target.trim()) : null;
    if (!timing || !tile) continue;
    tiles.push({
      start: seconds(timing[1]), end: seconds(timing[2]), image: new URL(tile[1], base).toString(),
      x: +tile[2], y: +tile[3], width: +tile[4], height: +tile[5],
    });
  }
  return tiles;
}

export function tileAt(tiles: Tile[], time: number): Tile | undefined {
  return tiles.find(t => time >= t.start && time < t.end) ?? (tiles.length && time >= tiles[tiles.length - 1].end ? tiles[tiles.length - 1] : undefined);
}

function seconds(timestamp: string): number {
  const parts = timestamp.split(":").map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}
