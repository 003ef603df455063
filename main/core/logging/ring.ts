/**
 * A bounded FIFO: keeps the newest `capacity` items, O(1) per push. The slots are made as items
 * arrive, not up front: an engine holds one ring per tunnel (2,000 entries each) and most idle
 * tunnels log a handful of lines — 16 KB of empty slots each otherwise (issue #19, engine RSS).
 */
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  get size(): number {
    return this.items.length;
  }
}
